package org.gatehouse.auth.step;

import static org.gatehouse.auth.testing.StepRunner.assertProceeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityAssertionStepTest {
    private static final Identity ALICE = new Identity("alice", "ldap", Map.of(), List.of("devs", "engineering"), Instant.now());

    @TempDir
    Path folder;
    private final StepRunner runner = new StepRunner();

    private static TestMessage forged() {
        return TestMessage.request("GET", "/").identity(ALICE).header("X-Authenticated-User", "root")
                .header("x-authenticated-user", "root2").header("X-Authenticated-Groups", "admins").header("X-Identity-Assertion", "forged")
                .header("X-Debug-User", "root").build();
    }

    @Test
    void clientCopiesAreStrippedThenTheIdentityHeadersSet() throws Exception {
        var step = runner.step(new IdentityAssertionStepFactory(), Map.of("strip-headers", "X-Debug-User"));
        StepOutcome.Proceed proceed = assertProceeded(runner.run(step, forged()));
        Headers upstream = proceed.changes().applyTo(forged().headers());

        assertEquals(List.of("alice"), upstream.all("X-Authenticated-User"));
        assertEquals(List.of("devs,engineering"), upstream.all("X-Authenticated-Groups"));
        assertEquals(List.of(), upstream.all("X-Identity-Assertion"));
        assertEquals(List.of(), upstream.all("X-Debug-User"));
    }

    @Test
    void signedJwtMintedWithTheConfiguredKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("gh-1").generate();
        Path keyFile = Files.writeString(folder.resolve("assertion-key.jwk"), key.toJSONString());
        var step = runner.step(new IdentityAssertionStepFactory(), Map.of("headers", "false", "jwt-key", keyFile.toString(),
                "jwt-audience", "orders-backend"));

        Headers upstream = assertProceeded(runner.run(step, forged())).changes().applyTo(forged().headers());
        SignedJWT jwt = SignedJWT.parse(upstream.first("X-Identity-Assertion").orElseThrow());
        assertTrue(jwt.verify(new RSASSAVerifier(key.toPublicJWK())));
        assertEquals("alice", jwt.getJWTClaimsSet().getSubject());
        assertEquals(List.of("orders-backend"), jwt.getJWTClaimsSet().getAudience());
        assertEquals(List.of("devs", "engineering"), jwt.getJWTClaimsSet().getStringListClaim("groups"));
        assertEquals(List.of(), upstream.all("X-Authenticated-User"), "client copies are stripped even when headers are not set");
    }

    @Test
    void noIdentityFailsTheMessage() throws Exception {
        var step = runner.step(new IdentityAssertionStepFactory(), Map.of());
        assertInstanceOf(StepOutcome.Fail.class, runner.run(step, TestMessage.request("GET", "/").build()).outcome());
    }

    @Test
    void publicKeyOrNothingToAssertIsAConfigurationError() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        Path publicOnly = Files.writeString(folder.resolve("public.jwk"), key.toPublicJWK().toJSONString());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.step(new IdentityAssertionStepFactory(), Map.of("jwt-key", publicOnly.toString())));
        assertTrue(e.getMessage().contains("holds a public key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner.step(new IdentityAssertionStepFactory(), Map.of("headers", "false")));
    }
}
