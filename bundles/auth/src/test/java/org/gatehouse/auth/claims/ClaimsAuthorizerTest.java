package org.gatehouse.auth.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaimsAuthorizerTest {
    private final Methods methods = new Methods();

    @AfterEach
    void close() {
        methods.close();
    }

    private AuthorizationDecision decide(String required, Identity identity) throws Exception {
        return methods.start("claims", Map.of("required", required), Authorizer.class)
                .authorize(identity, TestMessage.request("GET", "/").build()).toCompletableFuture().get();
    }

    private static Identity with(Map<String, List<String>> claims, String... groups) {
        return new Identity("alice", "jwt", claims, List.of(groups), Instant.EPOCH);
    }

    @Test
    void allNamesMustHoldAndSameNameValuesAreAlternatives() throws Exception {
        String required = "scope=orders:read groups=ops groups=admins";

        assertInstanceOf(AuthorizationDecision.Permit.class, decide(required, with(Map.of("scope", List.of("orders:read")), "admins")));
        assertInstanceOf(AuthorizationDecision.Permit.class,
                decide(required, with(Map.of("scope", List.of("x", "orders:read"), "groups", List.of("ops")))));
        AuthorizationDecision.Deny deny = assertInstanceOf(AuthorizationDecision.Deny.class,
                decide(required, with(Map.of("scope", List.of("orders:read")), "devs")));
        assertEquals("alice has groups=[devs], needs one of [ops, admins]", deny.reason());
        assertInstanceOf(AuthorizationDecision.Deny.class, decide(required, with(Map.of(), "ops")));
    }

    @Test
    void malformedRequirementIsRefusedByTheAttributeDomain() {
        assertThrows(InvalidParametersException.class, () -> decide("scope", with(Map.of())));
        assertThrows(BladeletCreationException.class, () -> methods.start("rule", Map.of("expression", "hour >"), Authorizer.class));
    }
}
