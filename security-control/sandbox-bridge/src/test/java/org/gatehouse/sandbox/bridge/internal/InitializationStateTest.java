package org.gatehouse.sandbox.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import org.gatehouse.sandbox.bridge.SandboxDecider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the VM says of a class's initialization, and the shortcut built on it: the walk with
 * method names is skipped only when no frame down to the first untrusted one can be a static
 * initializer. Runs in a JVM of its own with {@code jdk.internal.misc} exported, as the agent
 * exports it to the bridge (see this module's pom).
 */
@Tag("initialization-state")
class InitializationStateTest {
    /** Stands in for an extension's class loader: a copy of {@link Untrusted} of its own. */
    private static final URLClassLoader EXTENSION_LOADER = new URLClassLoader(
            new URL[] {InitializationStateTest.class.getProtectionDomain().getCodeSource().getLocation()}, null);
    /** Trusts by class loader, as the engine's decider does: everything but the extension's. */
    private static final SandboxDecider DECIDER = new SandboxDecider() {
        @Override
        public void check(Class<?> caller, String type, String name, String actions) {
        }

        @Override
        public boolean isTrusted(Class<?> type) {
            return type.getClassLoader() != EXTENSION_LOADER;
        }
    };

    @Test
    void theVmAnswersThroughTheExportedPackage() {
        assertTrue(InitializationState.available());
        assertTrue(InitializationState.known(Object.class));
        assertTrue(InitializationState.known(InitializationStateTest.class));
    }

    @Test
    void aLoadedClassWhoseInitializerHasNotRunIsNotKnown() throws Exception {
        Class<?> loaded = Class.forName(NeverInitialized.class.getName(), false, getClass().getClassLoader());

        assertFalse(InitializationState.known(loaded));
    }

    @Test
    void aClassWhoseInitializerRunsOrFailedIsNotKnown() {
        assertFalse(Initializing.KNOWN_WHILE_INITIALIZING);
        assertTrue(InitializationState.known(Initializing.class));

        assertThrows(ExceptionInInitializerError.class, () -> FailsToInitialize.VALUE.length());
        assertThrows(NoClassDefFoundError.class, () -> FailsToInitialize.VALUE.length());
        assertFalse(InitializationState.known(FailsToInitialize.class));
    }

    @Test
    void theWalkIsSkippedOnlyWhenEveryFrameAboveTheFirstUntrustedOneIsInitialized() throws Exception {
        Class<?> untrusted = EXTENSION_LOADER.loadClass(Untrusted.class.getName());
        Class<?>[] settled = {Enforcement.class, String.class, InitializationStateTest.class, untrusted,
                NeverInitialized.class};
        assertTrue(CallerFinder.allInitializedAboveUntrusted(DECIDER, settled),
                "below the first untrusted frame nothing counts: " + Arrays.toString(settled));

        Class<?>[] pending = {String.class, NeverInitialized.class, untrusted};
        assertFalse(CallerFinder.allInitializedAboveUntrusted(DECIDER, pending));
        assertFalse(CallerFinder.allInitializedAboveUntrusted(DECIDER, null));
    }

    @Test
    void aStaticInitializerRunningOnTheStackKeepsTheWalk() {
        assertFalse(Initializing.SKIPPED_WHILE_INITIALIZING);
        assertTrue(CallerFinder.allInitializedAboveUntrusted(DECIDER, StackClasses.current()));
    }

    static final class Untrusted {
        static final long LOADED_AT = System.nanoTime();
    }

    private static final class NeverInitialized {
        static final long LOADED_AT = System.nanoTime();
    }

    private static final class FailsToInitialize {
        static final String VALUE = fail();

        private static String fail() {
            throw new IllegalStateException("initializer fails on purpose");
        }
    }

    /** Asks about itself, and about the stack it is on, from its own static initializer. */
    private static final class Initializing {
        static final boolean KNOWN_WHILE_INITIALIZING = InitializationState.known(Initializing.class);
        static final boolean SKIPPED_WHILE_INITIALIZING = CallerFinder.allInitializedAboveUntrusted(DECIDER,
                StackClasses.current());
    }
}
