package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.AfterAll;
import org.osgi.framework.Bundle;

/**
 * Shared by the three columns of the behaviour matrix (docs/threat-model.md "Escape routes"): boots one
 * {@link SandboxedFramework} per test class (per JVM) with the column's policies and runs each
 * {@link EscapeRoute} from the extension, checking the outcome from the outside.
 */
abstract class BehaviourMatrix {
    static SandboxedFramework element;
    static MatrixWorld world;

    static void boot(byte[] systemPolicy, String extensionPolicy) throws Exception {
        if (!agentPresent()) {
            throw new IllegalStateException("the sandbox agent is not in this JVM: run through failsafe's sandbox-matrix"
                    + " execution, which passes -javaagent:<dist>/lib/sandbox-agent.jar");
        }
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "matrix home ");
        element = SandboxedFramework.boot(home, systemPolicy, extensionPolicy);
        world = new MatrixWorld(element);
    }

    private static boolean agentPresent() {
        return SandboxDeniedException.class.getClassLoader() == null;
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (world != null) {
            world.close();
        }
        if (element != null) {
            element.close();
        }
    }

    static Stream<EscapeRoute> routes() {
        return EscapeRoute.all().stream();
    }

    /** Runs the route; asserts it was denied naming its permission, that nothing happened, and that the element runs on. */
    static SandboxDeniedException assertDenied(EscapeRoute route) throws Exception {
        Attempt attempt = attempt(route);
        String expected = "permission [" + route.permission().apply(world) + "]";
        assertNotNull(attempt.denial(), route + " was not denied; it gave " + attempt.outcome());
        String message = attempt.denial().getMessage();
        assertTrue(message.contains(expected), route + ": the denial should name " + expected + ": " + message);
        assertTrue(message.contains("codebase [ext:" + SandboxedFramework.EXTENSION + "/1.0.0"), message);
        assertFalse(route.effect().happened(world, null), route + " was denied, yet its effect happened");
        assertEquals(Bundle.ACTIVE, element.framework().getState(), "the element must keep running after " + route);
        assertEquals(Bundle.ACTIVE, element.extension().getState(), "the extension must keep running after " + route);
        return attempt.denial();
    }

    /** Runs the route; asserts it was not denied and its effect happened. */
    static void assertGranted(EscapeRoute route) throws Exception {
        assumeTrue(route.neverGrantedBecause() == null, route.neverGrantedBecause());
        Attempt attempt = attempt(route);
        assertNull(attempt.denial(), route + " was denied although granted: "
                + (attempt.denial() == null ? "" : attempt.denial().getMessage()));
        assertTrue(route.effect().happened(world, attempt.outcome()), route + " was allowed but its effect did not happen;"
                + " outcome: " + describe(attempt.outcome()));
    }

    private static Attempt attempt(EscapeRoute route) throws Exception {
        assumeTrue(Runtime.version().feature() >= route.sinceJava(), route + " needs Java " + route.sinceJava());
        world.reset();
        Object argument = route.argument().apply(world);
        try {
            return new Attempt(element.run(route.action(), argument), null);
        } catch (Throwable thrown) {
            SandboxDeniedException denial = denialIn(thrown);
            return denial != null ? new Attempt(null, denial) : new Attempt(thrown, null);
        }
    }

    /** A denial, even when a library wrapped it (HttpClient and JNDI report it as their own exception's cause). */
    private static SandboxDeniedException denialIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SandboxDeniedException denial) {
                return denial;
            }
        }
        return null;
    }

    private static String describe(Object outcome) {
        if (outcome instanceof Throwable t) {
            java.io.StringWriter trace = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(trace));
            return trace.toString();
        }
        return String.valueOf(outcome);
    }

    private record Attempt(Object outcome, SandboxDeniedException denial) {
    }
}
