package org.gatehouse.test.support.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A throw-away PKI for tests, made with Bouncy Castle: {@link Authority certificate authorities},
 * the {@link Issued certificates} they issue (servers, clients, signers), and the files tests hand
 * to the code under test: PEM, PKCS#12 key and trust stores, signed jars. {@link TlsFolder} writes
 * the usual set for a TLS listener in one call.
 *
 * <pre>{@code
 * TestPki.Authority ca = TestPki.authority("CN=Test CA,O=Gatehouse Test");
 * TestPki.Issued server = ca.server("CN=127.0.0.1");
 * Path keyStore = TestPki.keyStore(dir.resolve("server.p12"), server);   // password TestPki.PASSWORD
 * SSLContext client = ca.clientContext(ca.client("CN=ops-console,O=Acme"));
 * }</pre>
 *
 * <p>Subjects are read as RFC 4514 names (the JDK's reading: the last RDN is the outermost), so a
 * certificate's {@code getSubjectX500Principal().getName()} gives back the text it was made from.
 * Keys are EC P-256 unless an authority is made with {@link KeyType#RSA}; what an authority issues
 * has keys of its type.
 */
public final class TestPki {
    /** The password of every key store and trust store written here, and of their keys. */
    public static final String PASSWORD = "changeit";
    /** The alias of the one key entry of a key store written by {@link #keyStore}. */
    public static final String KEY_ALIAS = "key";
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /** The key algorithm of an authority and of what it issues. */
    public enum KeyType {
        /** EC on secp256r1, signing SHA256withECDSA. */
        EC("SHA256withECDSA"),
        /** RSA 2048, signing SHA256withRSA (what jar signing and XML signature tests use). */
        RSA("SHA256withRSA");

        final String signatureAlgorithm;

        KeyType(String signatureAlgorithm) {
            this.signatureAlgorithm = signatureAlgorithm;
        }

        KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(name());
            if (this == EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        }
    }

    private TestPki() {
    }

    /** A self-signed CA with EC keys, valid from a day ago for a year. */
    public static Authority authority(String subject) throws GeneralSecurityException {
        return Authority.create(subject, KeyType.EC);
    }

    /** A self-signed CA with keys of that type, valid from a day ago for a year. */
    public static Authority authority(String subject, KeyType keys) throws GeneralSecurityException {
        return Authority.create(subject, keys);
    }

    /**
     * Writes certificates, CRLs and private keys (as PKCS#8, {@code PRIVATE KEY}) as PEM, in order,
     * to one file.
     */
    public static Path pem(Path file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
            }
        }
        return Files.writeString(createParent(file), text.toString());
    }

    /** A PKCS#12 key store holding the issued key and its chain under {@link #KEY_ALIAS}. */
    public static Path keyStore(Path file, Issued issued) throws GeneralSecurityException, IOException {
        return save(keyStore(issued), file);
    }

    /** A PKCS#12 trust store holding these certificates. */
    public static Path trustStore(Path file, X509Certificate... trusted) throws GeneralSecurityException, IOException {
        return save(trustStore(trusted), file);
    }

    /**
     * Signs {@code unsigned} into {@code signed} with the JDK's jar signer, as a publisher would:
     * SHA-256 digests, {@code META-INF/SIGNER.SF} and {@code SIGNER.RSA} (or {@code .EC}), the whole chain.
     */
    public static Path signJar(Path unsigned, Path signed, Issued signer) throws GeneralSecurityException, IOException {
        KeyType type = signer.privateKey().getAlgorithm().equals("RSA") ? KeyType.RSA : KeyType.EC;
        JarSigner jarSigner = new JarSigner.Builder(signer.privateKey(), CertificateFactory.getInstance("X.509").generateCertPath(signer.chain()))
                .digestAlgorithm("SHA-256").signatureAlgorithm(type.signatureAlgorithm).signerName("SIGNER").build();
        try (ZipFile in = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            jarSigner.sign(in, out);
        }
        return signed;
    }

    static KeyStore keyStore(Issued issued) throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        store.setKeyEntry(KEY_ALIAS, issued.privateKey(), PASSWORD.toCharArray(), issued.chain().toArray(new Certificate[0]));
        return store;
    }

    static KeyStore trustStore(X509Certificate... trusted) throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        for (int i = 0; i < trusted.length; i++) {
            store.setCertificateEntry(i == 0 ? "ca" : "ca-" + i, trusted[i]);
        }
        return store;
    }

    /** Unique within a run and across runs: a revocation list names certificates by serial. */
    static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static Path save(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(createParent(file))) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private static Path createParent(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return file;
    }
}
