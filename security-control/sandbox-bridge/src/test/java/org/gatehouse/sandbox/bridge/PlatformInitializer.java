package org.gatehouse.sandbox.bridge;

/** A trusted class whose static initializer asks for a permission, whoever makes it initialize. */
public final class PlatformInitializer {
    static final boolean INITIALIZED;

    static {
        SandboxBridge.check("runtime", "exitVM", "");
        INITIALIZED = true;
    }

    private PlatformInitializer() {
    }
}
