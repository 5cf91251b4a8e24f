package org.gatehouse.management.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test with Bouncy Castle, issuing the management listener's
 * certificate (for 127.0.0.1) and client certificates, written as PKCS#12 stores.
 */
public final class TestPki {
    public static final String PASSWORD = "changeit";

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    /** One issued certificate with its key. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {
    }

    public TestPki(String caName) throws Exception {
        caKeys = keyPair();
        caCertificate = sign(name(caName), caKeys, name(caName), caKeys, true);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public Issued issue(String subject) throws Exception {
        KeyPair keys = keyPair();
        return new Issued(keys, sign(name(subject), keys, X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                caKeys, false), caCertificate);
    }

    /** A PKCS#12 key store holding the issued key and its chain. */
    public static Path keyStore(Path file, Issued issued) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", issued.keys().getPrivate(), PASSWORD.toCharArray(),
                new Certificate[] {issued.certificate(), issued.issuer()});
        return save(store, file);
    }

    /** A PKCS#12 trust store holding this CA's certificate. */
    public Path trustStore(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", caCertificate);
        return save(store, file);
    }

    /** A client TLS context trusting this CA and, when given, presenting a client certificate. */
    public SSLContext clientContext(Issued client) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", caCertificate);
        trust.init(trusted);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (client != null) {
            own.setKeyEntry("key", client.keys().getPrivate(), PASSWORD.toCharArray(), new Certificate[] {client.certificate(), client.issuer()});
        }
        keys.init(own, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static Path save(KeyStore store, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** Through the JDK's parser: Bouncy Castle's own reads the RDNs in the opposite order from RFC 4514. */
    private static X500Name name(String distinguishedName) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(distinguishedName).getEncoded());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, boolean ca)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
