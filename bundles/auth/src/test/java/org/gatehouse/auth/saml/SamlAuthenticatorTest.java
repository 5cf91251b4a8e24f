package org.gatehouse.auth.saml;

import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.SamlAssertions;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed SAML assertions in SOAP messages, through the saml location and the authenticate step. */
class SamlAuthenticatorTest {
    private static final CredentialLocation SAML = new CredentialLocation("saml", Map.of());
    private static Issued idp;
    private static Issued impostor;

    @TempDir
    Path folder;
    private final Methods methods = new Methods();
    private final StepRunner runner = new StepRunner();
    private PlatformStep step;

    @BeforeAll
    static void keys() throws Exception {
        idp = TestPki.authority("CN=IdP Signing,O=Gatehouse Test", TestPki.KeyType.RSA).identity();
        impostor = TestPki.authority("CN=Impostor,O=Gatehouse Test", TestPki.KeyType.RSA).identity();
    }

    @BeforeEach
    void start() throws Exception {
        Path trusted = TestPki.pem(folder.resolve("idp.pem"), idp.certificate());
        runner.authenticator("partner-saml", methods.start("saml", Map.of("trust-certificates", trusted.toString(),
                "audience", "urn:orders", "issuer", "https://idp.example.com", "clock-skew", "5s"), Authenticator.class));
        step = runner.step(new AuthenticateStepFactory(), Map.of("method", "partner-saml"));
    }

    @AfterEach
    void close() {
        methods.close();
    }

    private static String assertion(String audience, Instant notBefore, Instant notOnOrAfter, Issued signer) throws Exception {
        return SamlAssertions.signed("alice@example.com", audience, notBefore, notOnOrAfter, List.of("buyers"), signer.certificate(),
                signer.keys().getPrivate());
    }

    private static String valid(Issued signer) throws Exception {
        Instant now = Instant.now();
        return assertion("urn:orders", now.minusSeconds(60), now.plusSeconds(300), signer);
    }

    private PlatformOutcome send(String assertionXml) throws Exception {
        return runner.run(step, TestMessage.request("POST", "/soap").body(SamlAssertions.inSoap(assertionXml)).build(), SAML);
    }

    private void assertRefused(String assertionXml, String reasonPart) throws Exception {
        Response response = assertResponded(send(assertionXml), 401);
        assertEquals(List.of("SAML realm=\"gatehouse\""), response.headers().all("WWW-Authenticate"));
        assertTrue(runner.logger().entries().stream().anyMatch(e -> e.message().contains(reasonPart)), runner.logger().entries().toString());
    }

    @Test
    void validAssertionAuthenticatesWithNameIdAndGroups() throws Exception {
        Identity identity = send(valid(idp)).identity().orElseThrow();

        assertEquals("alice@example.com", identity.principal());
        assertEquals("saml", identity.authenticationMethod());
        assertEquals(List.of("buyers"), identity.groups());
    }

    @Test
    void tamperedAssertionIsRefused() throws Exception {
        assertRefused(valid(idp).replace("alice@example.com", "admin@example.com"), "does not verify");
    }

    @Test
    void assertionSignedByAnUntrustedKeyIsRefused() throws Exception {
        assertRefused(valid(impostor), "does not verify");
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(assertion("urn:billing", now.minusSeconds(60), now.plusSeconds(300), idp), "audience");
    }

    @Test
    void expiredAssertionIsRefused() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        assertRefused(assertion("urn:orders", past.minusSeconds(600), past, idp), "expired");
    }

    @Test
    void unsignedAssertionIsRefused() throws Exception {
        String unsigned = valid(idp).replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");
        assertRefused(unsigned, "not signed");
    }

    @Test
    void soapWithoutAnAssertionIs401WithTheSamlChallenge() throws Exception {
        Response response = assertResponded(runner.run(step, TestMessage.request("POST", "/soap")
                .body(SamlAssertions.inSoap("")).build(), SAML), 401);
        assertInstanceOf(Response.class, response);
        assertEquals(List.of("SAML realm=\"gatehouse\""), response.headers().all("WWW-Authenticate"));
    }
}
