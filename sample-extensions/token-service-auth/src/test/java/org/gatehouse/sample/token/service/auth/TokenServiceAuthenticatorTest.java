package org.gatehouse.sample.token.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.testkit.BladeletFailedException;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletSetup;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.ManualClock;
import org.gatehouse.sample.token.service.auth.TokenServiceOnLoopback.Reply;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authenticator run by the test kit against a real token service on loopback. */
class TokenServiceAuthenticatorTest {
    static final Instant START = Instant.parse("2026-06-01T08:00:00Z");
    static final String ALICE_ANSWER = "{\"active\":true,\"sub\":\"alice\",\"groups\":[\"ops\",\"admins\"],"
            + "\"scope\":\"orders:read orders:write\",\"client_id\":\"web\",\"iat\":1780300000,\"nested\":{\"x\":1}}";
    static final TestMessage MESSAGE = TestMessage.request("GET", "/orders").build();

    private final ManualClock clock = new ManualClock(START);
    private TokenServiceOnLoopback service;
    private BladeletHarness harness;

    @BeforeEach
    void startService() throws Exception {
        service = new TokenServiceOnLoopback().reply("tok-alice", Reply.json(ALICE_ANSWER));
        harness = BladeletHarness.fromClassPath();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    private BladeletSetup authenticator() {
        return harness.bladelet("token-service-auth").clock(clock).parameter("service-url", service.url());
    }

    private static Credentials.Bearer bearer(String token) {
        return new Credentials.Bearer(token);
    }

    @Test
    void anActiveTokenBecomesTheIdentityTheServiceDescribes() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(bearer("tok-alice"), MESSAGE);

            assertEquals(new Identity("alice", "token-service", Map.of("sub", List.of("alice"),
                            "scope", List.of("orders:read", "orders:write"), "client_id", List.of("web"), "iat", List.of("1780300000")),
                    List.of("ops", "admins"), START), assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity());
            TokenServiceOnLoopback.Seen request = service.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals("application/x-www-form-urlencoded", request.contentType());
            assertEquals("token=tok-alice&token_type_hint=access_token", request.body());
            assertNull(request.authorization());
        }
    }

    @Test
    void theElementAuthenticatesToTheServiceWhenGivenClientCredentials() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("client-id", "gatehouse-1").parameter("client-secret", "s3cr:t").start()) {
            auth.authenticate(bearer("tok-alice"), MESSAGE);

            String expected = "Basic " + Base64.getEncoder().encodeToString("gatehouse-1:s3cr%3At".getBytes());
            assertEquals(expected, service.requests().get(0).authorization());
            assertFalse(auth.parameters().toString().contains("s3cr"), "the secret is masked");
        }
    }

    @Test
    void anInactiveTokenIsRejectedWithAnInvalidTokenChallenge() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("realm", "orders").start()) {
            AuthenticationResult result = auth.authenticate(bearer("tok-revoked"), MESSAGE);

            assertEquals(new AuthenticationResult.Rejected("the token service says the token is not active",
                    List.of("Bearer realm=\"orders\", error=\"invalid_token\"")), result);
            assertEquals(1, auth.counter("rejected_total"));
        }
    }

    @Test
    void credentialsOtherThanBearerAreRejectedWithoutAskingTheService() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Basic("alice", "pw"), MESSAGE);

            assertEquals(new AuthenticationResult.Rejected("no bearer token (got basic)", List.of("Bearer realm=\"api\"")), result);
            assertEquals(List.of(), service.requests());
        }
    }

    @Test
    void aServiceThatIsDownIsAFailureNotARejection() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (BladeletUnderTest auth = authenticator().parameter("service-url", "http://127.0.0.1:" + closedPort + "/introspect").start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> auth.authenticate(bearer("tok-alice"), MESSAGE));

            TokenServiceException cause = assertInstanceOf(TokenServiceException.class, e.getCause());
            assertTrue(cause.getMessage().startsWith("token service http://127.0.0.1:" + closedPort + "/introspect refused the connection"),
                    cause.getMessage());
            assertEquals(1, auth.counter("service_failures_total"));
            assertEquals(0, auth.counter("rejected_total"));
            assertEquals(Level.WARNING, auth.logs().get(0).level());
        }
    }

    @Test
    void aServiceSlowerThanTheTimeoutIsAFailureWithinTheTimeout() throws Exception {
        service.reply("tok-slow", new Reply(200, ALICE_ANSWER, 3000, false));
        try (BladeletUnderTest auth = authenticator().parameter("timeout", "300ms").start()) {
            long started = System.nanoTime();
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> auth.authenticate(bearer("tok-slow"), MESSAGE));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals("token service " + service.url() + " did not answer within 300 ms", e.getCause().getMessage());
            assertTrue(tookMillis >= 290 && tookMillis < 2000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void aServiceErrorStatusIsAFailure() throws Exception {
        service.reply("tok-500", new Reply(500, "{\"error\":\"db down\"}", 0, false));
        try (BladeletUnderTest auth = authenticator().start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> auth.authenticate(bearer("tok-500"), MESSAGE));
            assertEquals("token service " + service.url() + " answered 500, not 200", e.getCause().getMessage());
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsAFailure() throws Exception {
        service.reply("tok-html", Reply.json("<html>login</html>"));
        try (BladeletUnderTest auth = authenticator().start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> auth.authenticate(bearer("tok-html"), MESSAGE));
            assertTrue(e.getCause().getMessage().startsWith("token service answer is not JSON: JSON [1:1] Unexpected character ('<'"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void anActiveAnswerWithoutPrincipalIsAFailure() throws Exception {
        service.reply("tok-anon", Reply.json("{\"active\":true,\"scope\":\"x\"}"));
        try (BladeletUnderTest auth = authenticator().start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> auth.authenticate(bearer("tok-anon"), MESSAGE));
            assertEquals("token service answer for an active token has neither \"sub\" nor \"username\"", e.getCause().getMessage());
        }
    }

    @Test
    void aChunkedAnswerIsRead() throws Exception {
        service.reply("tok-chunked", new Reply(200, ALICE_ANSWER, 0, true));
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(bearer("tok-chunked"), MESSAGE);
            assertEquals("alice", assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity().principal());
        }
    }

    @Test
    void anOversizedAnswerIsAFailure() throws Exception {
        service.reply("tok-big", Reply.json("{\"active\":true,\"sub\":\"" + "x".repeat(70_000) + "\"}"));
        try (BladeletUnderTest auth = authenticator().start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> auth.authenticate(bearer("tok-big"), MESSAGE));
            assertTrue(e.getCause().getMessage().endsWith("/introspect answered more than 65536 bytes"), e.getCause().getMessage());
        }
    }

    @Test
    void aPositiveAnswerIsReusedForTheCacheTtl() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("cache-ttl", "60s").start()) {
            auth.authenticate(bearer("tok-alice"), MESSAGE);
            clock.advance(Duration.ofSeconds(59));
            AuthenticationResult cached = auth.authenticate(bearer("tok-alice"), MESSAGE);

            assertEquals(1, service.requests().size());
            assertEquals(1, auth.counter("cache_hits_total"));
            assertEquals(START, assertInstanceOf(AuthenticationResult.Authenticated.class, cached).identity().authenticatedAt(),
                    "the identity says when the service vouched for it");

            clock.advance(Duration.ofSeconds(1));
            auth.authenticate(bearer("tok-alice"), MESSAGE);
            assertEquals(2, service.requests().size());
        }
    }

    @Test
    void theCacheNeverOutlivesTheTokensExpiry() throws Exception {
        long exp = START.plusSeconds(10).getEpochSecond();
        service.reply("tok-short", Reply.json("{\"active\":true,\"sub\":\"bob\",\"exp\":" + exp + "}"));
        try (BladeletUnderTest auth = authenticator().parameter("cache-ttl", "1h").start()) {
            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(bearer("tok-short"), MESSAGE));
            clock.advance(Duration.ofSeconds(10));

            AuthenticationResult later = auth.authenticate(bearer("tok-short"), MESSAGE);

            assertEquals(2, service.requests().size(), "asked again once exp passed");
            assertEquals("the token expired at 2026-06-01T08:00:10Z", assertInstanceOf(AuthenticationResult.Rejected.class, later).reason());
        }
    }

    @Test
    void negativeAnswersAreNeverCached() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            auth.authenticate(bearer("tok-new"), MESSAGE);
            service.reply("tok-new", Reply.json("{\"active\":true,\"sub\":\"carol\"}"));

            AuthenticationResult second = auth.authenticate(bearer("tok-new"), MESSAGE);

            assertEquals("carol", assertInstanceOf(AuthenticationResult.Authenticated.class, second).identity().principal());
            assertEquals(2, service.requests().size());
        }
    }

    @Test
    void aZeroTtlAsksEveryTime() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("cache-ttl", "0ms").start()) {
            auth.authenticate(bearer("tok-alice"), MESSAGE);
            auth.authenticate(bearer("tok-alice"), MESSAGE);
            assertEquals(2, service.requests().size());
        }
    }

    @Test
    void aClientIdWithoutItsSecretRefusesTheFlow() {
        BladeletCreationException e = assertThrows(BladeletCreationException.class, () -> authenticator().parameter("client-id", "gh").start());
        assertTrue(e.getMessage().endsWith("client-id and client-secret go together; set both or neither"), e.getMessage());
    }

    @Test
    void onlyHttpAndHttpsServicesAreAccepted() {
        BladeletCreationException e = assertThrows(BladeletCreationException.class,
                () -> authenticator().parameter("service-url", "ftp://127.0.0.1/introspect").start());
        assertTrue(e.getMessage().endsWith("ftp://127.0.0.1/introspect must be an http or https URL without user information"), e.getMessage());
    }

    @Test
    void parametersOutsideTheDomainAreRefusedAsTheElementWould() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> harness.bladelet("token-service-auth").parameter("timeout", "5ms").parameter("cache-ttl", "2h").start());
        assertEquals(List.of("bladelet 'token-service-auth' parameter 'service-url' is required and was not given",
                "bladelet 'token-service-auth' parameter 'timeout': '5ms' is below the minimum 10ms",
                "bladelet 'token-service-auth' parameter 'cache-ttl': '2h' is above the maximum 1h"), e.problems());
    }
}
