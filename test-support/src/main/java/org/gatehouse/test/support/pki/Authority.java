package org.gatehouse.test.support.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate authority of {@link TestPki}: it issues server, client and signing
 * certificates, revokes them in a CRL, and gives a client TLS context that trusts it.
 *
 * <pre>{@code
 * Authority ca = TestPki.authority("CN=Test Root,O=Gatehouse Test", TestPki.KeyType.RSA);
 * Issued alice = ca.leaf("CN=alice,O=Gatehouse Test");
 * TestPki.pem(dir.resolve("ca.crl"), ca.crl(alice.certificate()));
 * }</pre>
 */
public final class Authority {
    private final TestPki.KeyType keyType;
    private final Issued identity;

    private Authority(TestPki.KeyType keyType, Issued identity) {
        this.keyType = keyType;
        this.identity = identity;
    }

    static Authority create(String subject, TestPki.KeyType keyType) throws GeneralSecurityException {
        KeyPair keys = keyType.generate();
        X500Name name = name(subject);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, TestPki.nextSerial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return new Authority(keyType, new Issued(keys, List.of(sign(builder, keys, keyType))));
    }

    /** The authority's own key pair and self-signed certificate. */
    public Issued identity() {
        return identity;
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }

    /**
     * A TLS server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}
     * (subject alternative names), extended key usage serverAuth.
     */
    public Issued server(String subject) throws GeneralSecurityException {
        GeneralNames loopback = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, loopbackV6()),
        });
        return issue(subject, defaultNotBefore(), defaultNotAfter(), KeyPurposeId.id_kp_serverAuth, loopback);
    }

    /** A TLS server certificate naming only these DNS names (subject alternative names), extended key usage serverAuth. */
    public Issued server(String subject, String... dnsNames) throws GeneralSecurityException {
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        return issue(subject, defaultNotBefore(), defaultNotAfter(), KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
    }

    /** A TLS client certificate, extended key usage clientAuth. */
    public Issued client(String subject) throws GeneralSecurityException {
        return issue(subject, defaultNotBefore(), defaultNotAfter(), KeyPurposeId.id_kp_clientAuth, null);
    }

    /**
     * A TLS client certificate naming these URIs as subject alternative names (a SPIFFE ID, say),
     * written as given, valid or not, extended key usage clientAuth.
     */
    public Issued clientWithUris(String subject, String... uris) throws GeneralSecurityException {
        GeneralName[] names = new GeneralName[uris.length];
        for (int i = 0; i < uris.length; i++) {
            names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
        }
        return issue(subject, defaultNotBefore(), defaultNotAfter(), KeyPurposeId.id_kp_clientAuth, new GeneralNames(names));
    }

    /** An end-entity certificate for signing (a jar, an assertion) or a client, valid from an hour ago for 30 days. */
    public Issued leaf(String subject) throws GeneralSecurityException {
        return leaf(subject, defaultNotBefore(), defaultNotAfter());
    }

    /** As {@link #leaf(String)}, valid in [notBefore, notAfter] (an expired or not yet valid one, say). */
    public Issued leaf(String subject, Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        return issue(subject, notBefore, notAfter, null, null);
    }

    /** A CRL of this authority, issued five minutes ago for a week, revoking these certificates (key compromise). */
    public X509CRL crl(X509Certificate... revoked) throws GeneralSecurityException {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofMinutes(5))));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        for (X509Certificate certificate : revoked) {
            builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(builder.build(signer(identity.keys(), keyType)));
    }

    /** A PKCS#12 trust store holding this authority's certificate (password {@link TestPki#PASSWORD}). */
    public Path trustStore(Path file) throws GeneralSecurityException, IOException {
        return TestPki.trustStore(file, certificate());
    }

    /** A client TLS context trusting this authority and, unless {@code client} is null, presenting that certificate. */
    public SSLContext clientContext(Issued client) throws GeneralSecurityException, IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestPki.trustStore(certificate()));
        KeyManagerFactory keys = null;
        if (client != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(TestPki.keyStore(client), TestPki.PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    private Issued issue(String subject, Instant notBefore, Instant notAfter, KeyPurposeId purpose, GeneralNames names)
            throws GeneralSecurityException {
        KeyPair keys = keyType.generate();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate(), TestPki.nextSerial(),
                Date.from(notBefore), Date.from(notAfter), new X500Principal(subject), keys.getPublic());
        int usage = keyType == TestPki.KeyType.EC ? KeyUsage.digitalSignature | KeyUsage.keyAgreement : KeyUsage.digitalSignature;
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(sign(builder, identity.keys(), keyType));
        chain.addAll(identity.chain());
        return new Issued(keys, chain);
    }

    /** Through the JDK's parser: Bouncy Castle's own reads the RDNs in the opposite order from RFC 4514. */
    private static X500Name name(String subject) {
        return X500Name.getInstance(new X500Principal(subject).getEncoded());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys, TestPki.KeyType keyType)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKeys, keyType)));
    }

    private static ContentSigner signer(KeyPair keys, TestPki.KeyType keyType) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(keyType.signatureAlgorithm).build(keys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String loopbackV6() {
        try {
            return InetAddress.getByName("::1").getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("::1 is a literal", e);
        }
    }

    private static Instant defaultNotBefore() {
        return Instant.now().minus(Duration.ofHours(1));
    }

    private static Instant defaultNotAfter() {
        return Instant.now().plus(Duration.ofDays(30));
    }
}
