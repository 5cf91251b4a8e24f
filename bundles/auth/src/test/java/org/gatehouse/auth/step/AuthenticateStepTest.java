package org.gatehouse.auth.step;

import static org.gatehouse.auth.testing.StepRunner.assertProceeded;
import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gatehouse.auth.testing.LdapDirectory;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authenticate step with the LDAP authenticator against a real directory on loopback. */
class AuthenticateStepTest {
    private static final String SOAP = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
            + "<s:Header><wsse:Security><wsse:UsernameToken><wsse:Username>%s</wsse:Username>"
            + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">%s"
            + "</wsse:Password></wsse:UsernameToken></wsse:Security></s:Header><s:Body><order id=\"7\"/></s:Body></s:Envelope>";

    private LdapDirectory directory;
    private final Methods methods = new Methods();
    private final StepRunner runner = new StepRunner();
    private PlatformStep step;

    @BeforeEach
    void start() throws Exception {
        directory = new LdapDirectory();
        Authenticator ldap = methods.start("ldap", Map.of("server", directory.address(), "search-base", LdapDirectory.PEOPLE,
                "bind-dn", LdapDirectory.SERVICE_DN, "bind-password", LdapDirectory.SERVICE_PASSWORD, "group-base", LdapDirectory.GROUPS,
                "cache-ttl", "0s", "negative-cache-ttl", "0s", "realm", "orders"), Authenticator.class);
        runner.authenticator("corp-ldap", ldap);
        step = runner.step(new AuthenticateStepFactory(), Map.of("method", "corp-ldap", "realm", "orders"));
    }

    @AfterEach
    void stop() {
        methods.close();
        directory.close();
    }

    private static TestMessage basic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return TestMessage.request("GET", "/orders").header("Authorization", "Basic " + token).build();
    }

    @Test
    void goodPasswordProceedsWithTheIdentity() throws Exception {
        PlatformOutcome outcome = runner.run(step, basic("alice", "alice-secret"));

        StepOutcome.Proceed proceed = assertProceeded(outcome);
        assertEquals("alice", outcome.identity().orElseThrow().principal());
        assertEquals(List.of("devs", "engineering"), outcome.identity().orElseThrow().groups());
        assertEquals(Map.of("auth.principal", "alice", "auth.method", "ldap"), proceed.changes().attributes());
    }

    @Test
    void wrongPasswordIs401WithTheBasicChallengeAndIsLogged() throws Exception {
        Response response = assertResponded(runner.run(step, basic("alice", "guess")), 401);

        assertEquals(List.of("Basic realm=\"orders\", charset=\"UTF-8\""), response.headers().all("WWW-Authenticate"));
        assertTrue(runner.logger().entries().stream().anyMatch(e -> e.message().contains("wrong password")), runner.logger().entries().toString());
        assertTrue(!response.body().text().contains("wrong password"), "the reason is for the log, not the client");
    }

    @Test
    void lockedAccountIs401() throws Exception {
        assertResponded(runner.run(step, basic("bob", "bob-secret")), 401);
    }

    @Test
    void missingCredentialsAre401WithEveryStandardChallenge() throws Exception {
        Response response = assertResponded(runner.run(step, TestMessage.request("GET", "/orders").build()), 401);

        assertEquals(List.of("Basic realm=\"orders\", charset=\"UTF-8\"", "Bearer realm=\"orders\"", "Negotiate",
                "ClientCertificate realm=\"orders\""), response.headers().all("WWW-Authenticate"));
    }

    @Test
    void malformedBasicHeaderIs401AndLogged() throws Exception {
        TestMessage broken = TestMessage.request("GET", "/").header("Authorization", "Basic !!!not-base64").build();

        assertResponded(runner.run(step, broken), 401);
        assertTrue(runner.logger().entries().stream().anyMatch(e -> e.message().contains("unreadable credentials")));
    }

    @Test
    void directoryDownIs503Not401() throws Exception {
        directory.stop();

        Response response = assertResponded(runner.run(step, basic("alice", "alice-secret")), 503);
        assertEquals(List.of(), response.headers().all("WWW-Authenticate"));
    }

    @Test
    void wsSecurityUsernameTokenInTheSoapBodyIsCheckedAgainstTheDirectory() throws Exception {
        CredentialLocation wsse = new CredentialLocation("ws-security", Map.of());
        TestMessage good = TestMessage.request("POST", "/soap").body(String.format(SOAP, "alice", "alice-secret")).build();
        TestMessage bad = TestMessage.request("POST", "/soap").body(String.format(SOAP, "alice", "nope")).build();

        assertEquals("alice", runner.run(step, good, wsse).identity().orElseThrow().principal());
        Response refused = assertResponded(runner.run(step, bad, wsse), 401);
        assertEquals(List.of("Basic realm=\"orders\", charset=\"UTF-8\""), refused.headers().all("WWW-Authenticate"));
        Response missing = assertResponded(runner.run(step, TestMessage.request("POST", "/soap").build(), wsse), 401);
        assertEquals(List.of("WSSE realm=\"orders\""), missing.headers().all("WWW-Authenticate"));
    }

    @Test
    void soapBodyWithADoctypeIsRefusedAsUnreadable() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + String.format(SOAP, "&x;", "x");
        TestMessage message = TestMessage.request("POST", "/soap").body(xxe).build();

        assertResponded(runner.run(step, message, new CredentialLocation("ws-security", Map.of())), 401);
        assertTrue(runner.logger().entries().stream().anyMatch(e -> e.message().contains("DOCTYPE")), runner.logger().entries().toString());
    }

    @Test
    void unknownMethodFailsTheMessage() throws Exception {
        PlatformStep misnamed = runner.step(new AuthenticateStepFactory(), Map.of("method", "nobody"));

        PlatformOutcome outcome = runner.run(misnamed, basic("alice", "alice-secret"));
        assertInstanceOf(StepOutcome.Fail.class, outcome.outcome());
    }

    @Test
    void anAuthenticatorThatThrowsIs503() throws Exception {
        runner.authenticator("broken", (credentials, message) -> {
            throw new IllegalStateException("bug");
        });
        runner.authenticator("failing", (credentials, message) -> CompletableFuture.failedFuture(new IllegalStateException("down")));

        assertResponded(runner.run(runner.step(new AuthenticateStepFactory(), Map.of("method", "broken")), basic("a", "b")), 503);
        assertResponded(runner.run(runner.step(new AuthenticateStepFactory(), Map.of("method", "failing")), basic("a", "b")), 503);
    }
}
