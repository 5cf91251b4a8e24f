package org.gatehouse.qualification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.security.auth.x500.X500Principal;
import jdk.security.jarsigner.JarSigner;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made with Bouncy Castle and jars signed with the JDK's {@link JarSigner}, the way a
 * publisher would sign: a CA, publishers it certifies, and strangers it does not.
 */
final class TestPki {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A key pair and its certificate chain, leaf first. */
    record Identity(KeyPair keys, List<X509Certificate> chain) {
        X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private TestPki() {
    }

    static Identity authority(String dn) throws Exception {
        KeyPair keys = rsa();
        X509Certificate cert = certificate(dn, keys, null, keys, Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(86_400 * 365), true);
        return new Identity(keys, List.of(cert));
    }

    static Identity publisher(String dn, Identity issuer, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = rsa();
        X509Certificate cert = certificate(dn, keys, issuer.certificate(), issuer.keys(), notBefore, notAfter, false);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(issuer.chain());
        return new Identity(keys, chain);
    }

    static Identity publisher(String dn, Identity issuer) throws Exception {
        return publisher(dn, issuer, Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86_400 * 30));
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String dn, KeyPair subject, X509Certificate issuer, KeyPair issuerKeys,
            Instant notBefore, Instant notAfter, boolean ca) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Principal subjectName = new X500Principal(dn);
        X500Principal issuerName = issuer == null ? subjectName : issuer.getSubjectX500Principal();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), subjectName, subject.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subject.getPublic()));
        if (issuer != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
        }
        var signer = new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(signer));
    }

    /** Signs {@code unsigned} into {@code signed} as {@code META-INF/SIGNER.SF} / {@code .RSA}. */
    static Path sign(Path unsigned, Path signed, Identity publisher) throws Exception {
        JarSigner signer = new JarSigner.Builder(publisher.keys().getPrivate(),
                CertificateFactory.getInstance("X.509").generateCertPath(publisher.chain()))
                .digestAlgorithm("SHA-256").signatureAlgorithm("SHA256withRSA").signerName("SIGNER").build();
        try (ZipFile in = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        }
        return signed;
    }

    /** Copies a jar entry by entry, letting {@code change} rewrite the content of the entry named {@code name}. */
    static Path rewrite(Path in, Path out, String name, UnaryOperator<byte[]> change) throws IOException {
        return copy(in, out, name, change, null, null);
    }

    /** Copies a jar and appends one entry at its end. */
    static Path append(Path in, Path out, String name, byte[] content) throws IOException {
        return copy(in, out, null, null, name, content);
    }

    /** Copies a jar without the entry named {@code name}. */
    static Path drop(Path in, Path out, String name) throws IOException {
        return copy(in, out, name, content -> null, null, null);
    }

    private static Path copy(Path in, Path out, String changed, UnaryOperator<byte[]> change, String added, byte[] addedContent)
            throws IOException {
        try (InputStream raw = Files.newInputStream(in); ZipInputStream zin = new ZipInputStream(raw);
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                byte[] content = zin.readAllBytes();
                if (entry.getName().equals(changed)) {
                    content = change.apply(content);
                }
                if (content != null) {
                    zout.putNextEntry(new ZipEntry(entry.getName()));
                    zout.write(content);
                    zout.closeEntry();
                }
            }
            if (added != null) {
                zout.putNextEntry(new ZipEntry(added));
                zout.write(addedContent);
                zout.closeEntry();
            }
        }
        return out;
    }
}
