package org.gatehouse.auth.jwt;

import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.testing.JwksServer;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real RS256 tokens checked with keys fetched from a JWKS endpoint on loopback. */
class JwtAuthenticatorTest {
    private static final String ISSUER = "https://idp.example.com";
    private static final String AUDIENCE = "orders-api";

    private final Methods methods = new Methods();
    private RSAKey key;
    private JwksServer jwks;
    private Authenticator authenticator;

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = new JwksServer(new JWKSet(key));
        authenticator = methods.start("jwt", Map.of("issuer", ISSUER, "audience", AUDIENCE, "jwks-url", jwks.url(),
                "clock-skew", "5s", "realm", "orders"), Authenticator.class);
    }

    @AfterEach
    void stop() {
        methods.close();
        jwks.close();
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("groups", List.of("ops")).claim("scope", "orders:read orders:write");
    }

    private static String sign(RSAKey signingKey, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private AuthenticationResult check(String token) throws Exception {
        return authenticator.authenticate(new Credentials.Bearer(token), TestMessage.request("GET", "/").build())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void assertRejected(String token, String reasonPart) throws Exception {
        AuthenticationResult result = check(token);
        AuthenticationResult.Rejected rejected = assertInstanceOf(AuthenticationResult.Rejected.class, result);
        assertTrue(rejected.reason().contains(reasonPart), rejected.reason());
        assertEquals(List.of("Bearer realm=\"orders\", error=\"invalid_token\""), rejected.challenges());
    }

    @Test
    void validTokenAuthenticatesWithGroupsAndScopes() throws Exception {
        Identity alice = assertInstanceOf(AuthenticationResult.Authenticated.class, check(sign(key, claims().build()))).identity();

        assertEquals("alice", alice.principal());
        assertEquals("jwt", alice.authenticationMethod());
        assertEquals(List.of("ops"), alice.groups());
        assertEquals(List.of("orders:read", "orders:write"), alice.claim("scope"));
        assertEquals(1, jwks.fetches());
    }

    @Test
    void badSignatureIsRejected() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertRejected(sign(impostor, claims().build()), "Signed JWT rejected");
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        assertRejected(sign(key, claims().audience("billing-api").build()), "aud");
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        assertRejected(sign(key, claims().issuer("https://evil.example.com").build()), "iss");
    }

    @Test
    void expiredTokenIsRejectedBeyondTheClockSkew() throws Exception {
        Instant past = Instant.now().minusSeconds(60);
        assertRejected(sign(key, claims().issueTime(Date.from(past.minusSeconds(60))).expirationTime(Date.from(past)).build()), "Expired");
        Instant withinSkew = Instant.now().minusSeconds(2);
        assertInstanceOf(AuthenticationResult.Authenticated.class, check(sign(key, claims().expirationTime(Date.from(withinSkew)).build())));
    }

    @Test
    void signedTokenNamingNoPrincipalIsRejectedNotAFailure() throws Exception {
        // found by JwtAuthenticatorFuzzTest: a blank subject made the Identity constructor throw (503, not 401)
        assertRejected(sign(key, claims().subject("").build()), "claim 'sub' names no principal");
        assertRejected(sign(key, claims().subject(" ").build()), "claim 'sub' names no principal");
        assertInstanceOf(AuthenticationResult.Rejected.class, check(sign(key, claims().claim("sub", List.of("alice", "admin")).build())));
        assertEquals("alice", assertInstanceOf(AuthenticationResult.Authenticated.class,
                check(sign(key, claims().claim("", "x").claim(" ", "y").build()))).identity().principal());
    }

    @Test
    void tokenWithoutExpiryIsRejected() throws Exception {
        assertRejected(sign(key, new JWTClaimsSet.Builder(claims().build()).expirationTime(null).build()), "exp");
    }

    @Test
    void unsecuredTokenIsRefused() throws Exception {
        assertRejected(new PlainJWT(claims().build()).serialize(), "alg none");
    }

    @Test
    void aNewKeyIdMakesTheKeySetBeFetchedAgain() throws Exception {
        check(sign(key, claims().build()));
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
        jwks.publish(new JWKSet(List.of(key, rotated)));

        assertInstanceOf(AuthenticationResult.Authenticated.class, check(sign(rotated, claims().build())));
        assertEquals(2, jwks.fetches());
    }

    @Test
    void keySetUnreachableCompletesExceptionally() throws Exception {
        jwks.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> check(sign(key, claims().build())));
        assertTrue(e.getCause().getMessage().startsWith("JWK set unavailable"), e.getCause().getMessage());
    }

    @Test
    void throughTheStepABadTokenIs401AndAnUnreachableKeySetIs503() throws Exception {
        StepRunner runner = new StepRunner().authenticator("idp", authenticator);
        var step = runner.step(new AuthenticateStepFactory(), Map.of("method", "idp", "realm", "orders"));
        String expired = sign(key, claims().expirationTime(Date.from(Instant.now().minusSeconds(600))).build());

        Response response = assertResponded(runner.run(step, TestMessage.request("GET", "/").header("Authorization", "Bearer " + expired).build()), 401);
        assertEquals(List.of("Bearer realm=\"orders\", error=\"invalid_token\""), response.headers().all("WWW-Authenticate"));
        jwks.close();
        // the cached key set has no key k9: it must be fetched again, and the endpoint is gone
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("k9").generate();
        assertResponded(runner.run(step, TestMessage.request("GET", "/").header("Authorization", "Bearer " + sign(unknown, claims().build())).build()), 503);
        assertEquals(StepRunner.assertProceeded(runner.run(step, TestMessage.request("GET", "/")
                .header("Authorization", "Bearer " + sign(key, claims().build())).build())).changes().attributes().get("auth.principal"), "alice",
                "a key already fetched keeps working while the endpoint is down");
    }
}
