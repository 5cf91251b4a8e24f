package org.gatehouse.auth.step;

import static org.gatehouse.auth.testing.StepRunner.assertProceeded;
import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authorize step with the rule authorizer. */
class AuthorizeStepTest {
    private final Methods methods = new Methods();
    private final StepRunner runner = new StepRunner();

    @AfterEach
    void close() {
        methods.close();
    }

    private PlatformStep step(String expression) throws Exception {
        runner.authorizer("admins-only", methods.start("rule", Map.of("expression", expression), Authorizer.class));
        return runner.step(new AuthorizeStepFactory(), Map.of("method", "admins-only"));
    }

    private static TestMessage as(String principal, String... groups) {
        return TestMessage.request("GET", "/admin").identity(new Identity(principal, "ldap", Map.of(), List.of(groups), Instant.now())).build();
    }

    @Test
    void permitProceeds() throws Exception {
        assertProceeded(runner.run(step("\"admins\" in groups"), as("alice", "admins")));
    }

    @Test
    void denyIs403AndLogged() throws Exception {
        assertResponded(runner.run(step("\"admins\" in groups"), as("carol", "devs")), 403);
        assertTrue(runner.logger().entries().stream().anyMatch(e -> e.message().contains("denied")));
    }

    @Test
    void noIdentityIs403() throws Exception {
        assertResponded(runner.run(step("true"), TestMessage.request("GET", "/").build()), 403);
    }

    @Test
    void anAuthorizerThatCannotDecideIs503() throws Exception {
        runner.authorizer("down", (identity, message) -> CompletableFuture.failedFuture(new IllegalStateException("directory down")));

        assertResponded(runner.run(runner.step(new AuthorizeStepFactory(), Map.of("method", "down")), as("alice")), 503);
    }
}
