package org.gatehouse.test.support.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {
    @TempDir
    Path dir;

    @Test
    void clientCertificatesCarryTheUrisAskedFor() throws Exception {
        Authority ca = TestPki.authority("CN=Test CA,O=Gatehouse Test");
        Issued billing = ca.clientWithUris("CN=billing", "spiffe://example.org/billing", "https://billing.example.org/");

        assertEquals(List.of(List.of(6, "spiffe://example.org/billing"), List.of(6, "https://billing.example.org/")),
                List.copyOf(billing.certificate().getSubjectAlternativeNames()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), billing.certificate().getExtendedKeyUsage());
        validate(ca, billing.certificate());
    }

    @Test
    void subjectsReadAsRfc4514AndChainsValidateToTheAuthority() throws Exception {
        Authority ca = TestPki.authority("CN=Test Root,O=Gatehouse Test", TestPki.KeyType.RSA);
        Issued alice = ca.leaf("CN=alice,O=Gatehouse Test");

        assertEquals("CN=Test Root,O=Gatehouse Test", ca.certificate().getSubjectX500Principal().getName());
        assertEquals("CN=alice,O=Gatehouse Test", alice.certificate().getSubjectX500Principal().getName());
        assertEquals(List.of(alice.certificate(), ca.certificate()), alice.chain());
        assertEquals("RSA", alice.privateKey().getAlgorithm());
        validate(ca, alice.certificate());
    }

    @Test
    void aRevokedCertificateFailsValidationWithTheCrl() throws Exception {
        Authority ca = TestPki.authority("CN=Revoking CA");
        Issued mallory = ca.client("CN=mallory");
        X509CRL crl = ca.crl(mallory.certificate());

        assertTrue(crl.isRevoked(mallory.certificate()));
        assertThrows(CertPathValidatorException.class, () -> validate(ca, mallory.certificate(), crl));
    }

    @Test
    void serverCertificatesNameTheLoopbackAddresses() throws Exception {
        Issued server = TestPki.authority("CN=Server CA").server("CN=localhost");

        assertEquals("[[2, localhost], [7, 127.0.0.1], [7, 0:0:0:0:0:0:0:1]]", server.certificate().getSubjectAlternativeNames().toString());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.certificate().getExtendedKeyUsage());
        assertEquals("EC", server.privateKey().getAlgorithm());
    }

    @Test
    void tlsFolderFilesReadBackWithTheJdk() throws Exception {
        TlsFolder tls = TlsFolder.writeTo(dir.resolve("tls"), "test-client");

        X509Certificate ca;
        try (InputStream in = Files.newInputStream(dir.resolve("tls").resolve(TlsFolder.CA_PEM))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals(tls.ca().certificate(), ca);
        assertTrue(Files.readString(dir.resolve("tls").resolve(TlsFolder.SERVER_KEY_PEM)).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        KeyStore client = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("tls").resolve(TlsFolder.CLIENT_STORE))) {
            client.load(in, TestPki.PASSWORD.toCharArray());
        }
        assertEquals("CN=test-client", ((X509Certificate) client.getCertificate(TestPki.KEY_ALIAS)).getSubjectX500Principal().getName());
        assertNotNull(tls.clientContext(true));
    }

    @Test
    void signedJarsCarryTheSignersChain() throws Exception {
        Authority ca = TestPki.authority("CN=Publishers CA", TestPki.KeyType.RSA);
        Issued publisher = ca.leaf("CN=Publisher,O=Example Corp");
        Path unsigned = org.gatehouse.test.support.osgi.TestBundle.named("com.example.signed").entry("data.txt", "signed bytes")
                .writeTo(dir.resolve("unsigned.jar"));

        Path signed = TestPki.signJar(unsigned, dir.resolve("signed.jar"), publisher);

        try (JarFile jar = new JarFile(signed.toFile(), true)) {
            var entry = jar.getJarEntry("data.txt");
            jar.getInputStream(entry).readAllBytes();
            assertEquals(publisher.certificate(), entry.getCodeSigners()[0].getSignerCertPath().getCertificates().get(0));
            assertNotNull(jar.getEntry("META-INF/SIGNER.RSA"));
        }
    }

    private static void validate(Authority ca, X509Certificate leaf, X509CRL... crls) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(crls.length > 0);
        if (crls.length > 0) {
            parameters.addCertStore(java.security.cert.CertStore.getInstance("Collection",
                    new java.security.cert.CollectionCertStoreParameters(List.of(crls))));
        }
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
