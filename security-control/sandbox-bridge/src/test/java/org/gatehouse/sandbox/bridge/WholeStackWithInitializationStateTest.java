package org.gatehouse.sandbox.bridge;

import org.junit.jupiter.api.Tag;

/**
 * {@link WholeStackTest} again, in the JVM where the bridge knows which classes are initialized
 * (as under the agent): the static-initializer rules hold with the shortcut too.
 */
@Tag("initialization-state")
class WholeStackWithInitializationStateTest extends WholeStackTest {
}
