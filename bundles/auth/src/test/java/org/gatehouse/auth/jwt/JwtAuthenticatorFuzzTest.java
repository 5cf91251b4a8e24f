package org.gatehouse.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.identity.Credentials;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the JWT authenticator (key set from a file, RS256 and ES256 allowed) with tokens the
 * fuzzer writes itself and with tokens whose header and claims the fuzzer writes and the trusted
 * key signs, some then tampered with. A token authenticates only when its header and claims are
 * exactly the bytes the trusted key signed, with an issuer, audience and expiry as configured and
 * a principal that is not blank; anything else is a
 * rejection with a Bearer challenge. The authenticator never throws and never fails its stage
 * (the key set is a file: there is nothing to be unavailable).
 */
class JwtAuthenticatorFuzzTest {
    static final String ISSUER = "https://idp.example.com";
    static final String AUDIENCE = "orders-api";

    /** One key and two authenticators for the whole run: a key pair takes a while to make. */
    private static final class Fixture {
        static final RSAKey KEY;
        static final Authenticator BY_SUBJECT;
        static final Authenticator BY_EMAIL;

        static {
            try {
                KEY = new RSAKeyGenerator(2048).keyID("k1").generate();
                Path jwks = Files.createTempFile("jwt-fuzz", ".jwks");
                jwks.toFile().deleteOnExit();
                Files.writeString(jwks, new JWKSet(KEY).toPublicJWKSet().toString());
                Methods methods = new Methods(); // lives as long as the run
                Map<String, String> common = Map.of("issuer", ISSUER, "audience", AUDIENCE, "jwks-file", jwks.toString(),
                        "clock-skew", "5s", "realm", "orders");
                BY_SUBJECT = methods.start("jwt", common, Authenticator.class);
                Map<String, String> byEmail = new java.util.HashMap<>(common);
                byEmail.put("principal-claim", "email");
                BY_EMAIL = methods.start("jwt", byEmail, Authenticator.class);
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * The input is text: a mode line, then lines the mode reads. {@code raw}: the rest is the
     * token. {@code signed}: a JOSE header and a claims set (JSON, one line each), signed RS256 by
     * the trusted key. {@code header} and {@code claims}: signed likewise, then the header or the
     * claims swapped for the third line, the signature kept.
     */
    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void onlyWhatTheTrustedKeySignedAuthenticates(byte[] input) throws Exception {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
        String mode = lines[0];
        String header = lines.length > 1 ? lines[1] : "";
        String claims = lines.length > 2 ? lines[2] : "";
        String swap = lines.length > 3 ? lines[3] : "";
        String token;
        boolean signedAsIs = false;
        switch (mode) {
            case "signed":
                token = sign(header, claims);
                signedAsIs = true;
                break;
            case "header":
                token = base64url(swap) + sign(header, claims).substring(base64url(header).length());
                signedAsIs = swap.equals(header);
                break;
            case "claims":
                String signed = sign(header, claims);
                int dot = signed.lastIndexOf('.');
                token = base64url(header) + "." + base64url(swap) + signed.substring(dot);
                signedAsIs = swap.equals(claims);
                break;
            default:
                token = new String(input, StandardCharsets.UTF_8).substring(mode.length()).strip();
        }
        if (token.isEmpty()) {
            return; // no bearer token: nothing reaches an authenticator
        }
        for (Authenticator authenticator : new Authenticator[] {Fixture.BY_SUBJECT, Fixture.BY_EMAIL}) {
            AuthenticationResult result = check(authenticator, token);
            if (result instanceof AuthenticationResult.Authenticated authenticated) {
                assertTrue(signedAsIs, "authenticated " + authenticated.identity().principal() + " with a token the key did not sign: " + token);
                assertClaimsChecked(claims);
                assertFalse(authenticated.identity().principal().isBlank(), "blank principal");
            } else {
                AuthenticationResult.Rejected rejected = (AuthenticationResult.Rejected) result;
                assertFalse(rejected.reason() == null || rejected.reason().isBlank(), "a rejection says why");
                assertEquals(1, rejected.challenges().size(), rejected.toString());
                assertTrue(rejected.challenges().get(0).startsWith("Bearer realm=\"orders\", error=\""), rejected.challenges().get(0));
            }
        }
    }

    /** What the claims verifier must have seen in a token that authenticates (read here with Jackson, not Nimbus). */
    private static void assertClaimsChecked(String claims) throws Exception {
        JsonNode json = new ObjectMapper().readTree(claims);
        assertEquals(ISSUER, json.path("iss").asText(), "issuer of " + claims);
        JsonNode aud = json.path("aud");
        boolean audience = aud.isArray() ? java.util.stream.StreamSupport.stream(aud.spliterator(), false)
                .anyMatch(a -> a.isTextual() && a.asText().equals(AUDIENCE)) : aud.isTextual() && aud.asText().equals(AUDIENCE);
        assertTrue(audience, "audience of " + claims);
        assertTrue(json.path("exp").isNumber() && json.path("exp").asDouble() > Instant.now().getEpochSecond() - 10,
                "expiry of " + claims);
    }

    private static AuthenticationResult check(Authenticator authenticator, String token) throws Exception {
        CompletableFuture<AuthenticationResult> stage = authenticator.authenticate(new Credentials.Bearer(token),
                TestMessage.request("GET", "/").build()).toCompletableFuture();
        try {
            return stage.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stage failed (503) for a token read from a file's key set: " + token, e.getCause());
        }
    }

    /** The compact serialization of header and claims as given, signed RS256 by the trusted key (RFC 7515 section 5.1). */
    static String sign(String header, String claims) throws Exception {
        String signingInput = base64url(header) + "." + base64url(claims);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(Fixture.KEY.toPrivateKey());
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
