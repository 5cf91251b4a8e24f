package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse tls init}: what it makes, that a real TLS handshake accepts it, and what it refuses. */
class TlsCommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int gatehouse(String... args) {
        return GatehouseCli.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path tls() {
        return dir.resolve("tls");
    }

    @Test
    void makesACaAnElementCertificateAndAKeyStoreThatTlsAccepts() throws Exception {
        assertEquals(0, gatehouse("tls", "init", "--dir", tls().toString(), "--dns", "gw.example.test", "--ip", "10.1.2.3"), err.toString());
        assertTrue(out.toString().contains("gatehouse.management.keystore=" + tls().resolve("management.p12")), out.toString());

        for (String secret : List.of("ca.key", "element.key", "management.p12", "management.p12.password")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().resolve(secret))), secret);
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().resolve("element.crt"))));

        X509Certificate ca = certificates(tls().resolve("ca.crt")).get(0);
        List<X509Certificate> chain = certificates(tls().resolve("element.crt"));
        assertEquals(2, chain.size(), "the element's certificate, then the CA's");
        X509Certificate element = chain.get(0);
        assertEquals(ca, chain.get(1));
        assertTrue(ca.getBasicConstraints() >= 0, "the CA is a CA");
        assertEquals(-1, element.getBasicConstraints(), "the element's is not");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), element.getExtendedKeyUsage());
        List<String> names = new ArrayList<>();
        element.getSubjectAlternativeNames().forEach(name -> names.add(String.valueOf(name.get(1))));
        assertTrue(names.containsAll(List.of("localhost", "gw.example.test", "127.0.0.1", "10.1.2.3")), names.toString());
        validates(element, ca);

        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pemBody(tls().resolve("element.key"))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(element.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature), "element.key is the key of element.crt");

        // the management key store in a real handshake: trusted by the CA, the name checked
        char[] password = Files.readString(tls().resolve("management.p12.password")).trim().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls().resolve("management.p12"))) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                        accepted.startHandshake();
                        accepted.getOutputStream().write('k');
                    } catch (Exception expectedForTheWrongName) {
                        // the client gives up on the wrong name
                    }
                }
            });
            acceptor.start();
            SSLContext client = clientTrusting(ca);
            assertEquals('k', handshake(client, "localhost", listening.getLocalPort()).getInputStream().read());
            assertThrows(SSLHandshakeException.class, () -> handshake(client, "elsewhere.example.test", listening.getLocalPort()));
            acceptor.join(10_000);
        }
    }

    @Test
    void nothingIsOverwrittenWithoutForceAndTheCaIsKept() throws Exception {
        assertEquals(0, gatehouse("tls", "init", "--dir", tls().toString()), err.toString());
        byte[] caBefore = Files.readAllBytes(tls().resolve("ca.crt"));
        byte[] caKeyBefore = Files.readAllBytes(tls().resolve("ca.key"));
        byte[] elementBefore = Files.readAllBytes(tls().resolve("element.crt"));

        assertEquals(1, gatehouse("tls", "init", "--dir", tls().toString()));
        assertTrue(err.toString().contains("already holds element.crt, element.key, management.p12, management.p12.password; nothing was changed"),
                err.toString());
        assertArrayEquals(elementBefore, Files.readAllBytes(tls().resolve("element.crt")));

        assertEquals(0, gatehouse("tls", "init", "--dir", tls().toString(), "--force"), err.toString());
        assertArrayEquals(caBefore, Files.readAllBytes(tls().resolve("ca.crt")), "the CA stays");
        assertArrayEquals(caKeyBefore, Files.readAllBytes(tls().resolve("ca.key")));
        byte[] elementAfter = Files.readAllBytes(tls().resolve("element.crt"));
        assertFalse(java.util.Arrays.equals(elementBefore, elementAfter), "a new element certificate");
        X509Certificate ca = certificates(tls().resolve("ca.crt")).get(0);
        X509Certificate renewed = certificates(tls().resolve("element.crt")).get(0);
        validates(renewed, ca);
        try (var left = Files.list(tls())) {
            assertEquals(Set.of("ca.crt", "ca.key", "element.crt", "element.key", "management.p12", "management.p12.password"),
                    Set.copyOf(left.map(p -> p.getFileName().toString()).toList()), "no temporary file left");
        }
    }

    @Test
    void badInputIsAUsageErrorAndWritesNothing() {
        assertEquals(2, gatehouse("tls", "init", "--dir", tls().toString(), "--dns", "not a name"));
        assertTrue(err.toString().contains("--dns 'not a name' is not a DNS name"), err.toString());
        assertEquals(2, gatehouse("tls", "init", "--dir", tls().toString(), "--days", "0"));
        assertTrue(err.toString().contains("--days 0: a whole number of days from 1 to 3650"), err.toString());
        assertEquals(2, gatehouse("tls", "renew"));
        assertTrue(err.toString().contains("unknown tls command 'renew'; expected init"), err.toString());
        assertFalse(Files.exists(tls()), "nothing was written");
    }

    @Test
    void aCaWithoutItsKeyIsNotReplaced() throws Exception {
        Files.createDirectories(tls());
        Files.writeString(tls().resolve("ca.crt"), "the operator's");
        assertEquals(1, gatehouse("tls", "init", "--dir", tls().toString()));
        assertTrue(err.toString().contains("only one of ca.crt and ca.key is there"), err.toString());
        assertEquals("the operator's", Files.readString(tls().resolve("ca.crt")));
    }

    private static SSLSocket handshake(SSLContext client, String name, int port) throws Exception {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, name, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext clientTrusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trusting = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusting.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting.getTrustManagers(), null);
        return context;
    }

    private static void validates(X509Certificate element, X509Certificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(element)), parameters);
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>((java.util.Collection<X509Certificate>) CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static byte[] pemBody(Path pem) throws Exception {
        return Base64.getDecoder().decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
