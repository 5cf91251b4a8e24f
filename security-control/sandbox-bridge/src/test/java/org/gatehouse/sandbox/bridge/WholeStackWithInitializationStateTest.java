package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link WholeStackTest} again, in the JVM where the bridge knows which classes are initialized
 * (as under the agent): the static-initializer rules hold with the shortcut too.
 */
@Tag("initialization-state")
class WholeStackWithInitializationStateTest extends WholeStackTest {
    /** Without the export every check would still walk, and this class would repeat its parent. */
    @Test
    void thisJvmLetsTheBridgeAskWhetherAClassIsInitialized() {
        assertTrue(Object.class.getModule().isExported("jdk.internal.misc", SandboxBridge.class.getModule()),
                "the surefire execution must export jdk.internal.misc to the bridge's module, as the agent does");
    }
}
