package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import org.gatehouse.extension.qualification.ArchiveLimits;
import org.gatehouse.extension.qualification.HashScope;
import org.gatehouse.extension.qualification.InstallQualifier;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.extension.qualification.SignatureDatabase;
import org.gatehouse.extension.qualification.Verdict;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * Builds the {@link InstallQualifier} for one operation from the content in force (docs/management.md
 * "Hand edits") of the files an administrator keeps: {@code <conf>/qualification-rules.xml},
 * {@code <conf>/signature-db.xml} and {@code <conf>/trusted-publishers/*.pem}, read again each time
 * so that a confirmed change needs no restart. Never the files as edited: an edit by hand is a
 * command awaiting confirmation, and so is every change over the API (docs/extensions.md
 * "Install qualification"). At the very first start the files as installed become the content in force.
 *
 * <p>Missing content: no signature database is an empty one; no trusted publishers is none. No
 * rules is what a fresh appliance has: then {@value #DEFAULT_ANSWER} decides. {@code trusted} (the
 * default) uses two built-in rules: a bundle whose SHA-256 an operator listed in the signature
 * database, or one signed by a publisher an operator trusted, is enabled; anything else is denied,
 * saying which command trusts it. {@code deny} refuses every upload until rules are in force.
 *
 * <p>Content that does not read: at start, content in force that does not read stops the start
 * ({@link #requireReadable}). Later (a damaged record of the content in force), what was read
 * before stays, the error is logged once with its file and {@code [line:col]}, and every record
 * made meanwhile says so. A trusted publisher certificate that stops reading denies every upload,
 * naming it: a trust anchor is never guessed.
 */
final class QualifierSource {
    private static final Logger LOG = System.getLogger(QualifierSource.class.getName());

    /** Framework property: {@code trusted} or {@code deny}, what happens while no rules are in force. */
    static final String DEFAULT_ANSWER = "gatehouse.extensions.qualification.default";
    /** Framework property: {@code true} to deny unsigned bundles. */
    static final String REQUIRE_SIGNATURE = "gatehouse.extensions.require-signature";
    /** The conf file of the rules, the signature database and the folder of trusted publisher certificates. */
    static final String RULES = "qualification-rules.xml";
    static final String DATABASE = "signature-db.xml";
    static final String PUBLISHERS = "trusted-publishers";
    static final String BUILT_IN_LISTED = "built-in-listed-hashes";
    static final String BUILT_IN_PUBLISHERS = "built-in-trusted-publishers";
    private static final QualificationRules SECURE_DEFAULT = new QualificationRules(List.of(
            new QualificationRule(BUILT_IN_LISTED, Verdict.ENABLE, HashScope.LISTED, List.of(), List.of(), List.of(), List.of(), List.of()),
            new QualificationRule(BUILT_IN_PUBLISHERS, Verdict.ENABLE, HashScope.ANY, List.of(), List.of("*"), List.of(), List.of(),
                    List.of())));

    private final InForceLedger ledger;
    private final Path formerDatabase;
    private final boolean denyWithoutRules;
    private final boolean requireSignature;
    /** Guarded by this: the rules read last; empty while none were in force at the last look. */
    private Optional<QualificationRules> lastRules = Optional.empty();
    /** Guarded by this: the database read last (none in force is an empty one). */
    private SignatureDatabase lastDatabase = SignatureDatabase.inMemory();
    /** Guarded by this: the refusal last logged per file, so that a broken file is logged once, not per upload. */
    private final Map<String, String> reported = new HashMap<>();

    QualifierSource(Path conf, Path data, boolean denyWithoutRules, boolean requireSignature) {
        this.ledger = InForceLedger.open(conf, data);
        this.formerDatabase = data.resolve(DATABASE);
        this.denyWithoutRules = denyWithoutRules;
        this.requireSignature = requireSignature;
    }

    /**
     * The answer without rules, from the framework property: {@code trusted} (also when unset) or
     * {@code deny}; true for deny. {@code admit}, which let any bundle in by a property nobody
     * confirms, is refused with what to do instead.
     */
    static boolean denyWithoutRules(String property) {
        String value = property == null || property.isBlank() ? "trusted" : property.trim();
        return switch (value) {
            case "trusted" -> false;
            case "deny" -> true;
            case "admit" -> throw new IllegalArgumentException("framework property " + DEFAULT_ANSWER + " is [admit], which is no longer"
                    + " taken: a bundle comes in when an operator trusted it (gatehouse trust hash add SHA256 --group G, gatehouse trust"
                    + " publisher add CERT.pem) or a confirmed rule admits it (gatehouse qualification rules replace FILE);"
                    + " expected trusted or deny");
            default -> throw new IllegalArgumentException("framework property " + DEFAULT_ANSWER + " is [" + value
                    + "]; expected trusted or deny");
        };
    }

    /**
     * A qualifier, with notes for the record (e.g. that the built-in rules decided) and whether the
     * built-in rules are the ones in force, or the reasons no qualifier can be built (every upload is
     * then denied with them).
     */
    record Configured(Optional<InstallQualifier> qualifier, List<String> notes, List<String> problems, boolean builtIn) {
        Configured {
            notes = List.copyOf(notes);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads the rules, the signature database and the trusted publishers in force once, as every
     * upload will: an element must not start on qualification files it cannot read. At the very
     * first start the files as installed become the content in force, once they read. What reads
     * becomes the state later looks fall back to.
     *
     * @throws XmlDocumentException naming the file, line:column, element path and reason
     */
    synchronized void requireReadable() throws XmlDocumentException {
        if (Files.exists(formerDatabase)) {
            throw new XmlDocumentException(DATABASE, 0, 0, "", "the signature database is kept in the conf folder now, as content in force"
                    + " that only confirmed commands change: move " + formerDatabase + " to " + ledger.fileOf(DATABASE)
                    + " while the element is stopped (at the first start with it there it is taken as installed)");
        }
        Optional<byte[]> rules = inForce(RULES);
        lastRules = rules.isPresent() ? Optional.of(QualificationRules.parse(RULES, rules.get())) : Optional.empty();
        Optional<byte[]> database = inForce(DATABASE);
        lastDatabase = database.isPresent() ? SignatureDatabase.parse(DATABASE, database.get()) : SignatureDatabase.inMemory();
        List<String> publishers = publisherNames();
        for (String name : publishers) {
            try {
                certificates(inForce(name).orElse(new byte[0]));
            } catch (CertificateException e) {
                // a certificate has no lines and columns worth naming: the file and the reason
                throw new XmlDocumentException(name, 0, 0, "", "trusted publisher certificate " + ledger.fileOf(name)
                        + " does not read: " + e.getMessage());
            }
        }
        try {
            ledger.adopt(RULES, rules);
            ledger.adopt(DATABASE, database);
            for (String name : publishers) {
                ledger.adopt(name, inForce(name));
            }
            ledger.adoptFolder(PUBLISHERS);
        } catch (IOException e) {
            throw new XmlDocumentException(RULES, 0, 0, "", "the qualification files as installed cannot be recorded as the content in force: "
                    + e.getMessage());
        }
    }

    private Optional<byte[]> inForce(String name) throws XmlDocumentException {
        try {
            return ledger.inForce(name);
        } catch (IOException e) {
            throw new XmlDocumentException(name, 0, 0, "", "the content in force of " + ledger.fileOf(name) + " does not read: "
                    + e.getMessage());
        }
    }

    private List<String> publisherNames() throws XmlDocumentException {
        try {
            return ledger.inForceIn(PUBLISHERS).stream().filter(n -> n.endsWith(".pem")).toList();
        } catch (IOException e) {
            throw new XmlDocumentException(PUBLISHERS, 0, 0, "", "trusted publishers not read from " + ledger.fileOf(PUBLISHERS) + ": "
                    + e.getMessage());
        }
    }

    synchronized Configured configure(Set<String> platformSymbolicNames, List<String> allowedImports) {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<QualificationRules> inForce = rules(notes);
        QualificationRules rules = inForce.orElseGet(() -> withoutRules(notes));
        SignatureDatabase database = database(notes);
        List<X509Certificate> publishers = publishers(problems);
        if (!problems.isEmpty()) {
            return new Configured(Optional.empty(), notes, problems, false);
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
        return new Configured(Optional.of(qualifier), notes, problems, inForce.isEmpty() && !denyWithoutRules);
    }

    private Optional<QualificationRules> rules(List<String> notes) {
        try {
            Optional<byte[]> content = inForce(RULES);
            lastRules = content.isPresent() ? Optional.of(QualificationRules.parse(RULES, content.get())) : Optional.empty();
            reported.remove(RULES);
        } catch (XmlDocumentException e) {
            notes.add(notApplied(RULES, e, lastRules.isPresent() ? "the rules read before stay in force" : "no rules are in force"));
        }
        return lastRules;
    }

    private QualificationRules withoutRules(List<String> notes) {
        if (denyWithoutRules) {
            notes.add("no qualification rules are in force and " + DEFAULT_ANSWER + "=deny: no upload is admitted");
            return QualificationRules.NONE;
        }
        notes.add("no qualification rules are in force: the built-in rules [" + BUILT_IN_LISTED + "] and [" + BUILT_IN_PUBLISHERS
                + "] admit a bundle whose SHA-256 an operator listed or one signed by a publisher an operator trusted, nothing else");
        return SECURE_DEFAULT;
    }

    /** The one-command ways to trust a bundle the built-in rules denied, for its refusal. */
    static String howToTrust(String sha256) {
        return "to trust it: gatehouse trust hash add " + sha256 + " --group GROUP (this exact bundle), or sign it and gatehouse trust"
                + " publisher add CERT.pem (its publisher); each is a command a person confirms";
    }

    private SignatureDatabase database(List<String> notes) {
        try {
            Optional<byte[]> content = inForce(DATABASE);
            lastDatabase = content.isPresent() ? SignatureDatabase.parse(DATABASE, content.get()) : SignatureDatabase.inMemory();
            reported.remove(DATABASE);
        } catch (XmlDocumentException e) {
            notes.add(notApplied(DATABASE, e, "the database read before stays in force (" + lastDatabase.entries().size() + " entries)"));
        }
        return lastDatabase;
    }

    /** Content in force that does not read is not used: logged once per distinct error, and returned for the record. */
    private String notApplied(String name, XmlDocumentException e, String whatStays) {
        String message = e.getMessage() + "; " + whatStays;
        if (!message.equals(reported.put(name, message))) {
            LOG.log(Level.ERROR, message);
        }
        return message;
    }

    private List<X509Certificate> publishers(List<String> problems) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String name : publisherNames()) {
                try {
                    certificates.addAll(certificates(inForce(name).orElse(new byte[0])));
                } catch (CertificateException | XmlDocumentException e) {
                    problems.add("trusted publisher certificate " + ledger.fileOf(name) + " not read, every upload is denied: " + e.getMessage());
                }
            }
        } catch (XmlDocumentException e) {
            problems.add(e.getMessage() + ", every upload is denied");
        }
        return certificates;
    }

    private static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        if (read.isEmpty()) {
            throw new CertificateException("the file holds no certificate");
        }
        return read.stream().map(X509Certificate.class::cast).toList();
    }
}
