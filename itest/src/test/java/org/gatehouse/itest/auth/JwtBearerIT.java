package org.gatehouse.itest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * JWT bearer tokens in the real element: the built-in {@code jwt} authenticator fetches the
 * issuer's keys from a {@link JwksEndpoint} the test serves, a {@code claims} authorizer wants the
 * group {@code ops}, and identity-assertion passes the subject on. Only a token signed by the
 * published key, for this audience, not expired, reaches the upstream; a forged signature, another
 * audience, an expired token and {@code alg: none} are 401, a good token without the group 403.
 * The endpoint is stopped last: a key the element has not fetched yet is 503, never 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtBearerIT {
    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "orders-api";
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- the default 2s is short for a first call on a machine whose cores other test JVMs share -->
              <settings step-timeout="10s"/>
              <authenticator name="login" bladelet="jwt">
                <param name="issuer" value="%s"/>
                <param name="audience" value="%s"/>
                <param name="jwks-url" value="%s"/>
                <param name="realm" value="orders"/>
              </authenticator>
              <authorizer name="ops-only" bladelet="claims">
                <param name="required" value="groups=ops"/>
              </authorizer>
              <message-type name="orders" flow="orders-flow">
                <match path-prefix="/orders"/>
                <credentials><jwt/></credentials>
              </message-type>
              <flow name="orders-flow">
                <step bladelet="authenticate"><param name="method" value="login"/><param name="realm" value="orders"/></step>
                <step bladelet="authorize"><param name="method" value="ops-only"/></step>
                <step bladelet="identity-assertion"/>
              </flow>
            </flows>
            """;

    private RSAKey issuerKey;
    private RSAKey forgerKey;
    private JwksEndpoint jwks;
    private StartedElement running;

    @BeforeAll
    void start() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("login-2026").generate();
        // same key id, another key: what a forger who read the published key set would use
        forgerKey = new RSAKeyGenerator(2048).keyID("login-2026").generate();
        jwks = new JwksEndpoint(issuerKey);
        running = new StartedElement();
        running.replaceFlows(FLOWS.formatted(ISSUER, AUDIENCE, jwks.url()));
    }

    @AfterAll
    void stop() {
        running.close();
        jwks.close();
    }

    @Test
    void validTokenReachesTheUpstreamAsItsSubject() throws Exception {
        running.traffic.forwarded("/orders/7", "Authorization", bearer(signed(issuerKey, claims("alice", AUDIENCE, in(Duration.ofMinutes(5))))),
                "X-Authenticated-User", "root");
        assertEquals("alice", running.upstream.lastHeader("x-authenticated-user"));
        assertEquals("ops", running.upstream.lastHeader("x-authenticated-groups"));
        assertTrue(jwks.fetches() >= 1, "the key set was fetched from the issuer's endpoint");
    }

    @Test
    void noTokenIsChallengedForBearer() {
        HttpResponse<String> response = running.traffic.refused(401, "/orders/7");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"orders\""),
                response.headers().map().toString());
    }

    @Test
    void badSignatureIs401() throws Exception {
        running.traffic.refused(401, "/orders/7", "Authorization", bearer(signed(forgerKey, claims("alice", AUDIENCE, in(Duration.ofMinutes(5))))));
    }

    @Test
    void tamperedPayloadIs401() throws Exception {
        String[] parts = signed(issuerKey, claims("bob", AUDIENCE, in(Duration.ofMinutes(5)))).split("\\.");
        String other = signed(issuerKey, claims("alice", AUDIENCE, in(Duration.ofMinutes(5)))).split("\\.")[1];
        // bob's signature over alice's claims
        running.traffic.refused(401, "/orders/7", "Authorization", bearer(parts[0] + "." + other + "." + parts[2]));
    }

    @Test
    void wrongAudienceIs401() throws Exception {
        running.traffic.refused(401, "/orders/7", "Authorization", bearer(signed(issuerKey, claims("alice", "billing-api", in(Duration.ofMinutes(5))))));
    }

    @Test
    void expiredTokenIs401() throws Exception {
        // ten minutes past expiry: well beyond the default clock skew of 30 s
        running.traffic.refused(401, "/orders/7", "Authorization", bearer(signed(issuerKey, claims("alice", AUDIENCE, in(Duration.ofMinutes(-10))))));
    }

    @Test
    void unsignedTokenIs401() {
        String none = new PlainJWT(claims("alice", AUDIENCE, in(Duration.ofMinutes(5)))).serialize();
        running.traffic.refused(401, "/orders/7", "Authorization", bearer(none));
    }

    @Test
    void validTokenWithoutTheGroupIs403() throws Exception {
        JWTClaimsSet noGroup = new JWTClaimsSet.Builder(claims("carol", AUDIENCE, in(Duration.ofMinutes(5))))
                .claim("groups", List.of("sales")).build();
        running.traffic.refused(403, "/orders/7", "Authorization", bearer(signed(issuerKey, noGroup)));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void keySetEndpointDownIs503ForANewKeyWhileFetchedKeysStillWork() throws Exception {
        running.traffic.forwarded("/orders/8", "Authorization", bearer(signed(issuerKey, claims("alice", AUDIENCE, in(Duration.ofMinutes(5))))));
        jwks.close();
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("login-2027").generate();
        HttpResponse<String> response = running.traffic.refused(503, "/orders/8", "Authorization",
                bearer(signed(rotated, claims("alice", AUDIENCE, in(Duration.ofMinutes(5))))));
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
        assertFalse(response.headers().firstValue("WWW-Authenticate").isPresent(), "an outage tells no client its token is bad");
        running.traffic.forwarded("/orders/9", "Authorization", bearer(signed(issuerKey, claims("alice", AUDIENCE, in(Duration.ofMinutes(5))))));
    }

    private static JWTClaimsSet claims(String subject, String audience, Instant expiry) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(audience)
                .issueTime(Date.from(expiry.minus(Duration.ofMinutes(30)))).expirationTime(Date.from(expiry))
                .claim("groups", List.of("ops")).build();
    }

    private static Instant in(Duration fromNow) {
        return Instant.now().plus(fromNow);
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
