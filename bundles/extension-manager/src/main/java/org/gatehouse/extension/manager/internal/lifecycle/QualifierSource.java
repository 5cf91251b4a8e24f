package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.gatehouse.extension.qualification.ArchiveLimits;
import org.gatehouse.extension.qualification.HashScope;
import org.gatehouse.extension.qualification.InstallQualifier;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.extension.qualification.SignatureDatabase;
import org.gatehouse.extension.qualification.Verdict;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * Builds the {@link InstallQualifier} for one operation from the files an administrator keeps:
 * {@code <conf>/qualification-rules.xml}, {@code <data>/signature-db.xml} and
 * {@code <conf>/trusted-publishers/*.pem}, read again each time so that a change needs no restart.
 *
 * <p>Missing files: no signature database is an empty one; no trusted publishers is none. No rules
 * file is what a fresh appliance has: then {@value #DEFAULT_ANSWER} decides. {@code admit} (the
 * default) uses one built-in rule that enables any bundle passing the archive and manifest checks,
 * listed or not, and every record says so; {@code deny} refuses every upload until rules exist.
 *
 * <p>Files that do not read: at start a rules file, signature database or trusted publisher
 * certificate that exists and does not read stops the start ({@link #requireReadable}). Later, an edit of either that does not
 * read is not put in force: what was read before stays (the rules, or their absence; the
 * database's entries), the error is logged once with its file and {@code [line:col]}, and every
 * record made meanwhile says so. A trusted publisher certificate that stops reading later denies
 * every upload, naming the file: a trust anchor is never guessed.
 */
final class QualifierSource {
    private static final Logger LOG = System.getLogger(QualifierSource.class.getName());

    /** Framework property: {@code admit} or {@code deny}, what happens while no rules file exists. */
    static final String DEFAULT_ANSWER = "gatehouse.extensions.qualification.default";
    /** Framework property: {@code true} to deny unsigned bundles. */
    static final String REQUIRE_SIGNATURE = "gatehouse.extensions.require-signature";
    static final String BUILT_IN_RULE = "built-in-default-admit";

    private final Path rulesFile;
    private final Path databaseFile;
    private final Path publishersFolder;
    private final boolean admitWithoutRules;
    private final boolean requireSignature;
    /** Guarded by this: the rules read last; empty while the file was absent at the last look. */
    private Optional<QualificationRules> lastRules = Optional.empty();
    /** Guarded by this: the database read last (an absent file is an empty one). */
    private SignatureDatabase lastDatabase = SignatureDatabase.inMemory();
    /** Guarded by this: the refusal last logged per file, so that a broken file is logged once, not per upload. */
    private final Map<Path, String> reported = new HashMap<>();

    QualifierSource(Path conf, Path data, boolean admitWithoutRules, boolean requireSignature) {
        this.rulesFile = conf.resolve("qualification-rules.xml");
        this.databaseFile = data.resolve("signature-db.xml");
        this.publishersFolder = conf.resolve("trusted-publishers");
        this.admitWithoutRules = admitWithoutRules;
        this.requireSignature = requireSignature;
    }

    static boolean admitWithoutRules(String property) {
        String value = property == null || property.isBlank() ? "admit" : property.trim();
        return switch (value) {
            case "admit" -> true;
            case "deny" -> false;
            default -> throw new IllegalArgumentException("framework property " + DEFAULT_ANSWER + " is [" + value
                    + "]; expected admit or deny");
        };
    }

    /**
     * A qualifier, with notes for the record (e.g. that the built-in rule decided), or the reasons
     * no qualifier can be built (every upload is then denied with them).
     */
    record Configured(Optional<InstallQualifier> qualifier, List<String> notes, List<String> problems) {
        Configured {
            notes = List.copyOf(notes);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads the rules file and the signature database once, as every upload will: an element must
     * not start on qualification files it cannot read. What reads becomes the state later edits
     * fall back to.
     *
     * @throws XmlDocumentException naming the file, line:column, element path and reason
     */
    synchronized void requireReadable() throws XmlDocumentException {
        lastRules = Files.exists(rulesFile) ? Optional.of(QualificationRules.read(rulesFile)) : Optional.empty();
        lastDatabase = SignatureDatabase.open(databaseFile);
        for (Path pem : publisherFiles()) {
            try {
                certificates(pem);
            } catch (IOException | CertificateException e) {
                // a certificate has no lines and columns worth naming: the file and the reason
                throw new XmlDocumentException(publishersFolder.getFileName() + "/" + pem.getFileName(), 0, 0, "",
                        "trusted publisher certificate " + pem + " does not read: " + e.getMessage());
            }
        }
    }

    /** The certificate files of the trusted publishers folder, in name order; none when there is no folder. */
    private List<Path> publisherFiles() throws XmlDocumentException {
        if (!Files.isDirectory(publishersFolder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(publishersFolder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList();
        } catch (IOException e) {
            throw new XmlDocumentException(publishersFolder.getFileName().toString(), 0, 0, "",
                    "trusted publishers not read from " + publishersFolder + ": " + e.getMessage());
        }
    }

    synchronized Configured configure(Set<String> platformSymbolicNames, List<String> allowedImports) {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        QualificationRules rules = rules(notes);
        SignatureDatabase database = database(notes);
        List<X509Certificate> publishers = publishers(problems);
        if (!problems.isEmpty()) {
            return new Configured(Optional.empty(), notes, problems);
        }
        InstallQualifier qualifier = InstallQualifier.builder()
                .archiveLimits(ArchiveLimits.DEFAULTS)
                .rules(rules)
                .signatureDatabase(database)
                .trustedPublishers(publishers)
                .requireSignature(requireSignature)
                .platformSymbolicNames(platformSymbolicNames)
                .allowedImports(allowedImports)
                .build();
        return new Configured(Optional.of(qualifier), notes, problems);
    }

    private QualificationRules rules(List<String> notes) {
        if (Files.exists(rulesFile)) {
            try {
                lastRules = Optional.of(QualificationRules.read(rulesFile));
                reported.remove(rulesFile);
                return lastRules.get();
            } catch (XmlDocumentException e) {
                notes.add(notApplied(rulesFile, e, lastRules.isPresent() ? "the rules read before stay in force"
                        : "the file counts as absent until it reads"));
                if (lastRules.isPresent()) {
                    return lastRules.get();
                }
            }
        } else {
            lastRules = Optional.empty();
            reported.remove(rulesFile);
        }
        return withoutRules(notes, Files.exists(rulesFile) ? " does not read" : " does not exist");
    }

    private QualificationRules withoutRules(List<String> notes, String state) {
        if (!admitWithoutRules) {
            notes.add(rulesFile + state + " and " + DEFAULT_ANSWER + "=deny: no upload is admitted");
            return QualificationRules.NONE;
        }
        notes.add(rulesFile + state + ": the built-in rule [" + BUILT_IN_RULE + "] admits any bundle that passes the"
                + " archive and manifest checks, listed in the signature database or not (" + DEFAULT_ANSWER + "=deny refuses instead)");
        return new QualificationRules(List.of(new QualificationRule(BUILT_IN_RULE, Verdict.ENABLE, HashScope.ANY,
                List.of(), List.of(), List.of(), List.of(), List.of())));
    }

    private SignatureDatabase database(List<String> notes) {
        try {
            lastDatabase = SignatureDatabase.open(databaseFile);
            reported.remove(databaseFile);
        } catch (XmlDocumentException e) {
            notes.add(notApplied(databaseFile, e, "the database read before stays in force ("
                    + lastDatabase.entries().size() + " entries)"));
        }
        return lastDatabase;
    }

    /**
     * An edit that does not read is not put in force, as an edit of flows.xml is not: logged once
     * per distinct error (uploads re-read the file), and returned for the record.
     */
    private String notApplied(Path file, XmlDocumentException e, String whatStays) {
        String message = e.getMessage() + "; the edit is not applied, " + whatStays;
        if (!message.equals(reported.put(file, message))) {
            LOG.log(Level.ERROR, message);
        }
        return message;
    }

    private List<X509Certificate> publishers(List<String> problems) {
        if (!Files.isDirectory(publishersFolder)) {
            return List.of();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (Stream<Path> files = Files.list(publishersFolder)) {
            for (Path pem : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                certificates.addAll(read(pem, problems));
            }
        } catch (IOException e) {
            problems.add("trusted publishers not read from " + publishersFolder + ", every upload is denied: " + e.getMessage());
        }
        return certificates;
    }

    private static List<X509Certificate> read(Path pem, List<String> problems) {
        try {
            return certificates(pem);
        } catch (IOException | CertificateException e) {
            problems.add("trusted publisher certificate " + pem + " not read, every upload is denied: " + e.getMessage());
            return List.of();
        }
    }

    private static List<X509Certificate> certificates(Path pem) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new CertificateException("the file holds no certificate");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        }
    }
}
