package org.gatehouse.itest.support;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, made with Bouncy Castle and written into a folder:
 * a test CA, a server certificate for {@code 127.0.0.1}/{@code ::1}/{@code localhost}, a client
 * certificate from that CA, and a client certificate from a second CA the element does not trust.
 *
 * <p>The element reads PEM ({@value #CA_PEM}, {@value #SERVER_PEM}, {@value #SERVER_KEY_PEM});
 * clients read PKCS#12 ({@value #TRUST_STORE}, {@value #CLIENT_STORE}, {@value #ROGUE_CLIENT_STORE},
 * password {@value #STORE_PASSWORD}), which the JDK loads without Bouncy Castle, so code running
 * inside the framework can use them.
 *
 * <pre>{@code
 * TestPki.writeTo(confDir);   // then <tls certificate="server.pem" private-key="server-key.pem" .../>
 * }</pre>
 */
public final class TestPki {

    public static final String CA_PEM = "ca.pem";
    public static final String SERVER_PEM = "server.pem";
    public static final String SERVER_KEY_PEM = "server-key.pem";
    public static final String TRUST_STORE = "client-truststore.p12";
    public static final String CLIENT_STORE = "client.p12";
    public static final String ROGUE_CLIENT_STORE = "rogue-client.p12";
    public static final String STORE_PASSWORD = "itest-password";

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    /** Generates every key and certificate and writes the files listed above into {@code folder}. */
    public static void writeTo(Path folder) {
        try {
            Issued ca = selfSigned("CN=Gatehouse itest CA");
            Issued server = issue(ca, "CN=localhost", KeyPurposeId.id_kp_serverAuth, true);
            Issued client = issue(ca, "CN=itest-client", KeyPurposeId.id_kp_clientAuth, false);
            Issued rogueCa = selfSigned("CN=Untrusted itest CA");
            Issued rogueClient = issue(rogueCa, "CN=rogue-client", KeyPurposeId.id_kp_clientAuth, false);

            writePem(folder.resolve(CA_PEM), "CERTIFICATE", ca.certificate().getEncoded());
            writePem(folder.resolve(SERVER_PEM), "CERTIFICATE", server.certificate().getEncoded());
            writePem(folder.resolve(SERVER_KEY_PEM), "PRIVATE KEY", server.keys().getPrivate().getEncoded());
            writeTrustStore(folder.resolve(TRUST_STORE), ca.certificate());
            writeKeyStore(folder.resolve(CLIENT_STORE), client, ca.certificate());
            writeKeyStore(folder.resolve(ROGUE_CLIENT_STORE), rogueClient, rogueCa.certificate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the test PKI in " + folder, e);
        }
    }

    private record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Issued selfSigned(String subject) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name(subject);
        X509v3CertificateBuilder builder = builder(name, name, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(builder, keys.getPrivate()));
    }

    private static Issued issue(Issued issuer, String subject, KeyPurposeId purpose, boolean withServerNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = newKeyPair();
        X500Name issuerName = new X500Name(issuer.certificate().getSubjectX500Principal().getName());
        X509v3CertificateBuilder builder = builder(issuerName, new X500Name(subject), keys);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(issuer.certificate()));
        if (withServerNames) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress()),
            }));
        }
        return new Issued(keys, sign(builder, issuer.keys().getPrivate()));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }

    private static void writeTrustStore(Path file, X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        save(store, file);
    }

    private static void writeKeyStore(Path file, Issued client, X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", client.keys().getPrivate(), STORE_PASSWORD.toCharArray(),
                new Certificate[] {client.certificate(), ca});
        save(store, file);
    }

    private static void save(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
    }
}
