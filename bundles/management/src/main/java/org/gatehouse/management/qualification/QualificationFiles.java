package org.gatehouse.management.qualification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gatehouse.extension.qualification.Condition;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.extension.qualification.SignatureDatabase;
import org.gatehouse.extension.qualification.SignatureEntry;
import org.gatehouse.management.command.Renderer;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * The files of the conf folder that configure install qualification (docs/extensions.md "Install
 * qualification"), named as the in-force ledger names them: {@value #RULES}, {@value #DATABASE} and
 * {@code trusted-publishers/<name>.pem}. Whoever changes one (a command over the API, a hand edit)
 * goes through {@link #differences}: it reads the new content as the extension manager will (a
 * document that does not read is an {@link XmlDocumentException} with its {@code [line:col]}, a
 * certificate file that does not read an {@link InvalidContent} naming it) and says, one line each,
 * which rules, hashes and publishers it adds ({@code +}), removes ({@code -}) or changes ({@code ~}).
 *
 * <pre>{@code
 * List<String> lines = QualificationFiles.differences("qualification-rules.xml", ledger.inForce(name), Optional.of(uploaded));
 * }</pre>
 */
public final class QualificationFiles {
    public static final String RULES = "qualification-rules.xml";
    public static final String DATABASE = "signature-db.xml";
    public static final String PUBLISHERS = "trusted-publishers";
    /** A publisher's name: a letter or digit, then up to 63 letters, digits and {@code . _ -}; its file is {@code <name>.pem}. */
    public static final Pattern PUBLISHER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A reference group's name, as the rules name it. */
    public static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private QualificationFiles() {
    }

    /** Content that is neither a document nor a certificate the extension manager would read; the message names the file and why. */
    public static final class InvalidContent extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidContent(String message) {
            super(message);
        }
    }

    /** Whether {@code name} (relative to the conf folder) is one of install qualification's files. */
    public static boolean gated(String name) {
        return name.equals(RULES) || name.equals(DATABASE) || publisher(name);
    }

    /** Whether {@code name} is a trusted publisher's certificate file. */
    public static boolean publisher(String name) {
        return name.startsWith(PUBLISHERS + "/") && name.endsWith(".pem")
                && PUBLISHER_NAME.matcher(name.substring(PUBLISHERS.length() + 1, name.length() - ".pem".length())).matches();
    }

    /** The file of a publisher named {@code name}. */
    public static String publisherFile(String name) {
        return PUBLISHERS + "/" + name + ".pem";
    }

    /**
     * What putting {@code next} in force for {@code name} changes against {@code now}, one line per
     * rule, hash or publisher; {@code next} is read first and refused when it does not read.
     */
    public static List<String> differences(String name, Optional<byte[]> now, Optional<byte[]> next)
            throws XmlDocumentException, InvalidContent {
        if (name.equals(RULES)) {
            return rules(now, next);
        }
        if (name.equals(DATABASE)) {
            return hashes(now, next);
        }
        if (publisher(name)) {
            return publishers(name, now, next);
        }
        throw new IllegalArgumentException(name + " is not a file of install qualification");
    }

    private static List<String> rules(Optional<byte[]> now, Optional<byte[]> next) throws XmlDocumentException {
        Map<String, String> after = describedRules(next.isPresent() ? QualificationRules.parse(RULES, next.get()) : QualificationRules.NONE);
        Map<String, String> before = describedRules(readRules(now));
        List<String> lines = new ArrayList<>();
        lines.add(next.isPresent() ? "put these qualification rules in force (" + after.size() + " rules; " + before.size() + " now)"
                : "put no qualification rules in force: the built-in secure default decides");
        after.forEach((rule, text) -> {
            if (!before.containsKey(rule)) {
                lines.add("  + rule " + Renderer.value(rule) + ": " + text);
            } else if (!before.get(rule).equals(text)) {
                lines.add("  ~ rule " + Renderer.value(rule) + ": " + before.get(rule));
                lines.add("      becomes " + text);
            }
        });
        before.forEach((rule, text) -> {
            if (!after.containsKey(rule)) {
                lines.add("  - rule " + Renderer.value(rule) + ": " + text);
            }
        });
        List<String> orderAfter = new ArrayList<>(after.keySet());
        orderAfter.retainAll(before.keySet());
        List<String> orderBefore = new ArrayList<>(before.keySet());
        orderBefore.retainAll(after.keySet());
        if (!orderAfter.equals(orderBefore)) {
            lines.add("  ~ order (first match wins): " + values(orderBefore) + " becomes " + values(orderAfter));
        }
        if (lines.size() == 1) {
            lines.add("  no rule changes: the rules say what the rules in force say");
        }
        return lines;
    }

    /** The rules in force; content recorded in force that does not read counts as none (the extension manager says so too). */
    private static QualificationRules readRules(Optional<byte[]> content) {
        try {
            return content.isPresent() ? QualificationRules.parse(RULES, content.get()) : QualificationRules.NONE;
        } catch (XmlDocumentException e) {
            return QualificationRules.NONE;
        }
    }

    private static Map<String, String> describedRules(QualificationRules rules) {
        Map<String, String> described = new LinkedHashMap<>();
        rules.rules().forEach(r -> described.put(r.name(), describe(r)));
        return described;
    }

    /** Every criterion and condition of a rule, on one line. */
    static String describe(QualificationRule r) {
        List<String> parts = new ArrayList<>();
        parts.add(r.answer().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        parts.add("hash-scope " + r.hashScope().name().toLowerCase(java.util.Locale.ROOT));
        if (!r.referenceGroups().isEmpty()) {
            parts.add("reference groups " + values(r.referenceGroups()));
        }
        if (!r.publisherPatterns().isEmpty()) {
            parts.add("publishers " + values(r.publisherPatterns()));
        }
        if (!r.uploaders().isEmpty()) {
            parts.add("uploaders " + values(r.uploaders()));
        }
        if (!r.timeWindows().isEmpty()) {
            parts.add("time windows " + r.timeWindows().stream().map(w -> w.days() + " " + w.from() + "-" + w.to() + " UTC").toList());
        }
        for (Condition c : r.conditions()) {
            parts.add("condition " + Renderer.value(c.describe()));
        }
        parts.add("native code " + (r.nativeCodeAllowed() ? "allowed" : "denied"));
        return String.join(", ", parts);
    }

    private static List<String> hashes(Optional<byte[]> now, Optional<byte[]> next) throws XmlDocumentException {
        SignatureDatabase after = next.isPresent() ? SignatureDatabase.parse(DATABASE, next.get()) : SignatureDatabase.inMemory();
        SignatureDatabase before = readDatabase(now);
        List<String> lines = new ArrayList<>();
        lines.add("put this signature database in force (" + after.entries().size() + " hashes; " + before.entries().size() + " now)");
        for (SignatureEntry e : after.entries()) {
            Optional<SignatureEntry> was = before.lookup(e.sha256());
            if (was.isEmpty()) {
                lines.add("  + hash " + describe(e));
            } else if (!describe(was.get()).equals(describe(e))) {
                lines.add("  ~ hash " + describe(was.get()));
                lines.add("      becomes " + describe(e));
            }
        }
        before.entries().stream().filter(e -> after.lookup(e.sha256()).isEmpty()).forEach(e -> lines.add("  - hash " + describe(e)));
        if (lines.size() == 1) {
            lines.add("  no hash changes: the database lists what the database in force lists");
        }
        return lines;
    }

    /** The database in force; content recorded in force that does not read counts as empty. */
    public static SignatureDatabase readDatabase(Optional<byte[]> content) {
        try {
            return content.isPresent() ? SignatureDatabase.parse(DATABASE, content.get()) : SignatureDatabase.inMemory();
        } catch (XmlDocumentException e) {
            return SignatureDatabase.inMemory();
        }
    }

    /** A hash with its groups, description and who added it when. */
    public static String describe(SignatureEntry e) {
        return e.sha256() + " in reference groups " + values(e.referenceGroups())
                + (e.description().isEmpty() ? "" : ", described " + Renderer.value(e.description()))
                + ", added by " + Renderer.value(e.addedBy()) + " at " + e.addedAt();
    }

    private static List<String> publishers(String name, Optional<byte[]> now, Optional<byte[]> next) throws InvalidContent {
        List<String> lines = new ArrayList<>();
        String publisher = name.substring(PUBLISHERS.length() + 1, name.length() - ".pem".length());
        List<X509Certificate> after = next.isPresent() ? certificates(name, next.get()) : List.of();
        List<X509Certificate> before = now.map(c -> readCertificates(name, c)).orElse(List.of());
        lines.add(next.isEmpty() ? "stop trusting the publisher " + publisher + ": bundles signed by it are no longer admitted as its"
                : (now.isPresent() ? "replace the certificates of the trusted publisher " : "trust the publisher ") + publisher
                + ": bundles signed by a key that chains to " + (after.size() == 1 ? "this certificate" : "one of these certificates")
                + " pass the signature check, and rules that name a publisher match them");
        List<String> fingerprintsBefore = before.stream().map(QualificationFiles::fingerprint).toList();
        List<String> fingerprintsAfter = after.stream().map(QualificationFiles::fingerprint).toList();
        after.stream().filter(c -> !fingerprintsBefore.contains(fingerprint(c))).forEach(c -> lines.add("  + " + describe(c)));
        before.stream().filter(c -> !fingerprintsAfter.contains(fingerprint(c))).forEach(c -> lines.add("  - " + describe(c)));
        return lines;
    }

    private static List<X509Certificate> readCertificates(String name, byte[] content) {
        try {
            return certificates(name, content);
        } catch (InvalidContent e) {
            return List.of();
        }
    }

    /**
     * The X.509 certificates of a PEM (or DER) file, as the extension manager reads them; none, or
     * anything that does not read, is refused naming the file.
     */
    public static List<X509Certificate> certificates(String name, byte[] content) throws InvalidContent {
        try {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content));
            if (read.isEmpty()) {
                throw new InvalidContent(name + ": holds no X.509 certificate (a PEM file with -----BEGIN CERTIFICATE----- is expected)");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new InvalidContent(name + ": not an X.509 certificate: " + e.getMessage());
        }
    }

    /** A certificate's subject, issuer, SHA-256 fingerprint and validity, on one line. */
    public static String describe(X509Certificate c) {
        return "publisher certificate subject " + Renderer.value(c.getSubjectX500Principal().getName()) + ", issuer "
                + Renderer.value(c.getIssuerX500Principal().getName()) + ", SHA-256 fingerprint " + fingerprint(c) + ", valid from "
                + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant();
    }

    /** The SHA-256 of the certificate's DER encoding, lower-case hex. */
    public static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a certificate that was read has an encoding and every JDK has SHA-256", e);
        }
    }

    /**
     * The fingerprint of everything install qualification reads now: the rules, the database and
     * each publisher's certificates in force, for the {@code qualification} modification count.
     */
    public static String fingerprint(InForceLedger ledger) throws IOException {
        List<String> parts = new ArrayList<>();
        parts.add(RULES + "=" + ledger.inForce(RULES).map(InForceLedger::sha256).orElse("absent"));
        parts.add(DATABASE + "=" + ledger.inForce(DATABASE).map(InForceLedger::sha256).orElse("absent"));
        for (String name : ledger.inForceIn(PUBLISHERS)) {
            parts.add(name + "=" + ledger.inForce(name).map(InForceLedger::sha256).orElse("absent"));
        }
        return Renderer.digest(String.join("\n", parts));
    }

    private static String values(List<String> values) {
        return values.stream().map(Renderer::value).collect(Collectors.joining(", ", "[", "]"));
    }
}
