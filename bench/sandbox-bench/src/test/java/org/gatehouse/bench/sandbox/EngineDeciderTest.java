package org.gatehouse.bench.sandbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.gatehouse.bench.sandbox.extension.FileExists;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.Test;

/** The decider the agent variant installs, asked directly (no agent in this JVM): the real engine decides. */
class EngineDeciderTest {
    private final BenchEnvironment env = BenchEnvironment.create();
    private final CountingAuditSink audit = new CountingAuditSink();
    private final EngineDecider decider = new EngineDecider(env.engine(audit), env.extension(), BenchEnvironment.EXTENSION);
    private final Class<?> extensionClass = env.extension().instance(FileExists.class, Predicate.class).getClass();

    @Test
    void extensionReadsTheGrantedFile() {
        assertDoesNotThrow(() -> decider.check(extensionClass, "file", env.grantedFile().toString(), "read"));
    }

    @Test
    void extensionWritesItsGrantedProperty() {
        assertDoesNotThrow(() -> decider.check(extensionClass, "property", BenchEnvironment.PROPERTY_KEY, "write"));
    }

    @Test
    void extensionIsDeniedTheRestrictedFileByTheRestriction() {
        SandboxDeniedException denied = assertThrows(SandboxDeniedException.class,
                () -> decider.check(extensionClass, "file", env.restrictedFile().toString(), "read"));
        assertTrue(denied.getMessage().startsWith("denied: codebase [ext:com.acme.bench/1.0.0], class ["
                + FileExists.class.getName() + "], permission [file " + env.restrictedFile() + " read], rule [restriction"),
                denied.getMessage());
        assertEquals(1, env.engine(new CountingAuditSink()).current().merges().size());
    }

    @Test
    void extensionIsDeniedWhatItsPolicyDoesNotAsk() {
        assertThrows(SandboxDeniedException.class, () -> decider.check(extensionClass, "property", "user.home", "write"));
    }

    @Test
    void codeOfOtherLoadersIsTrusted() {
        assertDoesNotThrow(() -> decider.check(FileExists.class, "file", env.restrictedFile().toString(), "read"));
    }
}
