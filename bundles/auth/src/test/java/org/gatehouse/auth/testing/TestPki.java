package org.gatehouse.auth.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and CRLs made in the test with Bouncy Castle: a CA, leaf certificates it signs, a CRL. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private TestPki() {
    }

    public static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A self-signed CA certificate valid from a day ago for a year. */
    public static Issued ca(String name) throws Exception {
        KeyPair keys = rsa();
        X500Name subject = new X500Name("O=Gatehouse Test,CN=" + name);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(convert(builder, keys), keys);
    }

    /** A client certificate for CN=name signed by the CA, valid in [notBefore, notAfter]. */
    public static Issued leaf(Issued ca, String name, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = rsa();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), new X500Name("O=Gatehouse Test,CN=" + name), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        return new Issued(convert(builder, ca.keys()), keys);
    }

    /** A client certificate valid from an hour ago for a day. */
    public static Issued leaf(Issued ca, String name) throws Exception {
        Instant now = Instant.now();
        return leaf(ca, name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** A CRL of the CA revoking the given certificates. */
    public static X509CRL crl(Issued ca, X509Certificate... revoked) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofMinutes(5))));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        for (X509Certificate certificate : revoked) {
            builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
        }
        X509CRLHolder holder = builder.build(signer(ca.keys()));
        return new JcaX509CRLConverter().getCRL(holder);
    }

    /** Writes objects as PEM to a file. */
    public static Path pem(Path file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        return Files.writeString(file, text.toString());
    }

    private static X509Certificate convert(JcaX509v3CertificateBuilder builder, KeyPair signerKeys) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signerKeys)));
    }

    private static ContentSigner signer(KeyPair keys) throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
    }
}
