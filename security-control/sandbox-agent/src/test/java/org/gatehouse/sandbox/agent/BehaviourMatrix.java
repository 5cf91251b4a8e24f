package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared steps of the behaviour matrix: each sensitive action runs from the extension without a
 * grant (denied, and its effect must not have happened), with a grant (it happens), and from
 * trusted code (it happens, and the extension asked nothing).
 */
abstract class BehaviourMatrix {
    static final MatrixDecider DECIDER = MatrixDecider.INSTANCE;
    final Extension extension = Extension.untrusted(actions());
    final Extension trusted = Extension.trusted(actions());

    /** The class whose static methods are this matrix's actions. */
    abstract Class<?> actions();

    @BeforeEach
    void forgetEarlierRequests() {
        DECIDER.forgetRequests();
    }

    /**
     * Runs {@code action}, expects the sandbox's denial (thrown, or the cause of what reflection
     * or an API wrapped it in), and that the extension asked for {@code request}.
     */
    static SandboxDeniedException assertDenied(String request, Executable action) {
        Throwable thrown = assertThrows(Throwable.class, action);
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof SandboxDeniedException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof SandboxDeniedException, () -> "expected a sandbox denial, got " + stackOf(thrown));
        SandboxDeniedException denied = (SandboxDeniedException) cause;
        assertTrue(denied.getMessage().contains("permission [" + request),
                "denial " + denied.getMessage() + " should name " + request);
        assertTrue(DECIDER.extensionRequests().stream().anyMatch(r -> r.startsWith(request)),
                "requests " + DECIDER.extensionRequests() + " should contain " + request);
        return denied;
    }

    /** Runs {@code action} with {@code type namePrefix} granted to the extension. */
    static Object granted(String type, String namePrefix, ThrowingSupplier action) throws Exception {
        try (AutoCloseable grant = DECIDER.grant(type, namePrefix)) {
            return action.get();
        }
    }

    /** The extension made no sandbox request at all (trusted runs, actions on its own code). */
    static void assertNoExtensionRequest() {
        assertEquals(java.util.List.of(), DECIDER.extensionRequests());
    }

    private static String stackOf(Throwable thrown) {
        java.io.StringWriter text = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    @FunctionalInterface
    interface ThrowingSupplier {
        Object get() throws Exception;
    }
}
