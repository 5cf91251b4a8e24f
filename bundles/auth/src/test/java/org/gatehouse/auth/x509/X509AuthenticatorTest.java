package org.gatehouse.auth.x509;

import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.TlsInfo;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificate chains made with Bouncy Castle, validated to a configured CA, with and without a CRL. */
class X509AuthenticatorTest {
    private static Authority ca;
    private static Authority otherCa;
    private static Issued alice;
    private static Issued revoked;

    @TempDir
    Path folder;
    private final Methods methods = new Methods();

    @BeforeAll
    static void pki() throws Exception {
        ca = TestPki.authority("CN=Test Root,O=Gatehouse Test", TestPki.KeyType.RSA);
        otherCa = TestPki.authority("CN=Other Root,O=Gatehouse Test", TestPki.KeyType.RSA);
        alice = ca.leaf("CN=alice,O=Gatehouse Test");
        revoked = ca.leaf("CN=mallory,O=Gatehouse Test");
    }

    @AfterEach
    void close() {
        methods.close();
    }

    private Authenticator authenticator(boolean withCrl) throws Exception {
        Path anchors = TestPki.pem(folder.resolve("ca.pem"), ca.certificate());
        if (!withCrl) {
            return methods.start("x509", Map.of("trust-anchors", anchors.toString()), Authenticator.class);
        }
        Path crl = TestPki.pem(folder.resolve("ca.crl"), ca.crl(revoked.certificate()));
        return methods.start("x509", Map.of("trust-anchors", anchors.toString(), "crl-files", crl.toString()), Authenticator.class);
    }

    private static TestMessage over(X509Certificate... chain) {
        return TestMessage.request("GET", "/").tls(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), Optional.empty(),
                List.of(chain))).build();
    }

    private static AuthenticationResult check(Authenticator authenticator, X509Certificate... chain) throws Exception {
        return authenticator.authenticate(new Credentials.CertificateChain(List.of(chain)), over(chain)).toCompletableFuture().get();
    }

    private static void assertRejected(AuthenticationResult result, String reasonPart) {
        AuthenticationResult.Rejected rejected = assertInstanceOf(AuthenticationResult.Rejected.class, result);
        assertTrue(rejected.reason().contains(reasonPart), rejected.reason());
    }

    @Test
    void certificateOfTheTrustedCaAuthenticatesByCommonName() throws Exception {
        AuthenticationResult result = check(authenticator(true), alice.certificate(), ca.certificate());

        var identity = assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity();
        assertEquals("alice", identity.principal());
        assertEquals("x509", identity.authenticationMethod());
        assertEquals(List.of("CN=Test Root,O=Gatehouse Test"), identity.claim("issuer"));
    }

    @Test
    void expiredCertificateIsRejected() throws Exception {
        Instant now = Instant.now();
        Issued expired = ca.leaf("CN=old,O=Gatehouse Test", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));

        assertRejected(check(authenticator(false), expired.certificate()), "NotAfter");
    }

    @Test
    void certificateOfAnotherCaIsRejected() throws Exception {
        Issued stranger = otherCa.leaf("CN=stranger,O=Gatehouse Test");

        assertRejected(check(authenticator(false), stranger.certificate(), otherCa.certificate()), "Trust anchor");
    }

    @Test
    void revokedCertificateIsRejectedOnlyWhenTheCrlIsConfigured() throws Exception {
        assertRejected(check(authenticator(true), revoked.certificate()), "revocation");
        assertInstanceOf(AuthenticationResult.Authenticated.class, check(authenticator(false), revoked.certificate()));
    }

    @Test
    void throughTheStepTheTlsPeerCertificateIsUsedAndFailuresAre401() throws Exception {
        StepRunner runner = new StepRunner().authenticator("mtls", authenticator(true));
        var step = runner.step(new AuthenticateStepFactory(), Map.of("method", "mtls"));
        CredentialLocation certificate = new CredentialLocation("client-certificate", Map.of());

        PlatformOutcome good = runner.run(step, over(alice.certificate()), certificate);
        assertEquals("alice", good.identity().orElseThrow().principal());
        Response refused = assertResponded(runner.run(step, over(revoked.certificate()), certificate), 401);
        assertEquals(List.of("ClientCertificate realm=\"gatehouse\""), refused.headers().all("WWW-Authenticate"));
        assertResponded(runner.run(step, TestMessage.request("GET", "/").build(), certificate), 401);
    }
}
