package org.gatehouse.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gatehouse.platform.files.AtomicFile;

/**
 * {@code gatehouse tls init}: the certificates and key stores the listeners and the management API
 * need, made on the element's host (docs/management.md "TLS for the listeners and the API"). A
 * private CA of the installation signs one element certificate (server and client use, the names
 * given plus the host's own); the element's key and chain also go into a PKCS#12 key store for
 * the management API, with a random password in a file beside it. Keys are EC P-256, written
 * 0600 by an atomic replace; nothing that exists is overwritten without {@code --force}, and the
 * CA's key is never replaced, so certificates it signed stay valid.
 */
final class TlsCommands {
    private static final Pattern DNS_NAME = Pattern.compile("(?i)(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    static final String CA_CERTIFICATE = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String ELEMENT_CERTIFICATE = "element.crt";
    static final String ELEMENT_KEY = "element.key";
    static final String KEYSTORE = "management.p12";
    static final String KEYSTORE_PASSWORD = "management.p12.password";

    private final Map<String, String> environment;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();

    TlsCommands(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String verb = line.argument(1, "what to do: init");
        if (!verb.equals("init")) {
            throw CliFailure.usage("unknown tls command '" + verb + "'; expected init");
        }
        line.noMoreThan(2);
        Path folder = line.option("--dir").map(Path::of).orElseGet(this::defaultFolder);
        int days = days(line.option("--days").orElse("825"));
        Set<String> dnsNames = names(line.option("--dns"), "--dns", DNS_NAME, "a DNS name");
        Set<String> addresses = names(line.option("--ip"), "--ip", IP_LITERAL, "an IP address");
        boolean force = line.flag("--force");
        try {
            init(folder, dnsNames, addresses, Duration.ofDays(days), force);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new CliFailure(CliFailure.REFUSED, "cannot make the TLS files in " + folder + ": " + e.getMessage());
        }
    }

    private Path defaultFolder() {
        String conf = Optional.ofNullable(environment.get("GATEHOUSE_CONF")).filter(s -> !s.isBlank())
                .orElse(System.getProperty("gatehouse.conf.dir", "conf"));
        return Path.of(conf, "tls");
    }

    private static int days(String text) throws CliFailure {
        try {
            int days = Integer.parseInt(text);
            if (days >= 1 && days <= 3650) {
                return days;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw CliFailure.usage("--days " + text + ": a whole number of days from 1 to 3650");
    }

    private static Set<String> names(Optional<String> list, String option, Pattern pattern, String what) throws CliFailure {
        Set<String> names = new LinkedHashSet<>();
        for (String name : list.map(l -> l.split(",")).orElse(new String[0])) {
            String trimmed = name.trim();
            if (!pattern.matcher(trimmed).matches()) {
                throw CliFailure.usage(option + " '" + trimmed + "' is not " + what);
            }
            names.add(trimmed);
        }
        return names;
    }

    private void init(Path folder, Set<String> dnsNames, Set<String> addresses, Duration validity, boolean force)
            throws IOException, GeneralSecurityException, OperatorCreationException, CliFailure {
        List<String> present = new ArrayList<>();
        for (String name : List.of(ELEMENT_CERTIFICATE, ELEMENT_KEY, KEYSTORE, KEYSTORE_PASSWORD)) {
            if (Files.exists(folder.resolve(name))) {
                present.add(name);
            }
        }
        if (!present.isEmpty() && !force) {
            throw new CliFailure(CliFailure.REFUSED, folder + " already holds " + String.join(", ", present)
                    + "; nothing was changed. --force makes a new element certificate and key (the CA stays)");
        }
        Files.createDirectories(folder);
        Issuer ca = caIn(folder, validity);
        Set<String> names = new LinkedHashSet<>(List.of("localhost"));
        hostName().ifPresent(names::add);
        names.addAll(dnsNames);
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        ips.addAll(addresses);
        KeyPair element = keyPair();
        X509Certificate certificate = elementCertificate(ca, element, names, ips, validity);
        char[] password = password();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("element", element.getPrivate(), password, new Certificate[] {certificate, ca.certificate()});
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        store.store(p12, password);

        writePrivate(folder.resolve(ELEMENT_KEY), pem(element.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        writePrivate(folder.resolve(KEYSTORE), p12.toByteArray());
        writePrivate(folder.resolve(KEYSTORE_PASSWORD), (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
        writePublic(folder.resolve(ELEMENT_CERTIFICATE), (pem(certificate) + pem(ca.certificate())).getBytes(StandardCharsets.US_ASCII));

        out.println("element certificate " + folder.resolve(ELEMENT_CERTIFICATE) + " (with the CA after it), key "
                + folder.resolve(ELEMENT_KEY));
        out.println("  names " + String.join(", ", names) + "; addresses " + String.join(", ", ips) + "; valid until "
                + certificate.getNotAfter().toInstant());
        out.println("CA " + folder.resolve(CA_CERTIFICATE) + ": give it to clients to trust (keep " + CA_KEY + " private)");
        out.println("Next: in element.xml, <tls certificate=\"tls/" + ELEMENT_CERTIFICATE + "\" private-key=\"tls/" + ELEMENT_KEY
                + "\"/> on an https listener;");
        out.println("      in gatehouse.properties, gatehouse.management.keystore=" + folder.resolve(KEYSTORE)
                + " and gatehouse.management.keystore.password=<the line of " + KEYSTORE_PASSWORD + ">;");
        out.println("      then 'gatehouse ... --ca " + folder.resolve(CA_CERTIFICATE) + " --url https://...'");
    }

    /** The installation's CA: read when there is one, else made (ten years). */
    private Issuer caIn(Path folder, Duration elementValidity) throws IOException, GeneralSecurityException, OperatorCreationException {
        Path certificateFile = folder.resolve(CA_CERTIFICATE);
        Path keyFile = folder.resolve(CA_KEY);
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            return Issuer.read(certificateFile, keyFile);
        }
        if (Files.exists(certificateFile) || Files.exists(keyFile)) {
            throw new IOException("only one of " + CA_CERTIFICATE + " and " + CA_KEY + " is there; restore the other or remove both");
        }
        KeyPair pair = keyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=Gatehouse installation CA " + hostName().orElse("localhost") + ",O=Gatehouse");
        Duration validity = elementValidity.compareTo(Duration.ofDays(3650)) > 0 ? elementValidity : Duration.ofDays(3650);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(300)),
                Date.from(now.plus(validity)), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate certificate = sign(builder, pair);
        writePrivate(keyFile, pem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        writePublic(certificateFile, pem(certificate).getBytes(StandardCharsets.US_ASCII));
        return new Issuer(certificate, pair);
    }

    private X509Certificate elementCertificate(Issuer ca, KeyPair element, Set<String> names, Set<String> ips, Duration validity)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(ca.certificate().getNotAfter().toInstant())) {
            notAfter = ca.certificate().getNotAfter().toInstant();
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(now.minusSeconds(300)),
                Date.from(notAfter), new X500Name("CN=" + names.iterator().next() + ",O=Gatehouse"), element.getPublic());
        List<GeneralName> alternatives = new ArrayList<>();
        names.forEach(n -> alternatives.add(new GeneralName(GeneralName.dNSName, n)));
        ips.forEach(ip -> alternatives.add(new GeneralName(GeneralName.iPAddress, ip)));
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(element.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.certificate()));
        return sign(builder, ca.keys());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private char[] password() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            return DNS_NAME.matcher(name).matches() && !IP_LITERAL.matcher(name).matches() ? Optional.of(name) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof java.security.PrivateKey key ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY",
                    key.getEncoded()) : object);
        }
        return text.toString();
    }

    /** Written 0600 (a new file from an atomic replace is its owner's only). */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        AtomicFile.replace(file, content);
    }

    private static void writePublic(Path file, byte[] content) throws IOException {
        AtomicFile.replace(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** A CA: its certificate and key pair. */
    private record Issuer(X509Certificate certificate, KeyPair keys) {
        static Issuer read(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
            X509Certificate certificate;
            try (var in = Files.newInputStream(certificateFile)) {
                certificate = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new Issuer(certificate, new KeyPair(certificate.getPublicKey(), key));
        }
    }
}
