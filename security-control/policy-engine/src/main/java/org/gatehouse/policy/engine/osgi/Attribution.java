package org.gatehouse.policy.engine.osgi;

import org.gatehouse.policy.engine.api.Codebase;

/** Whose code a class is: the platform's (trusted), an extension's (with its codebase), or unknown (denied). */
record Attribution(Kind kind, Codebase codebase, String description) {
    enum Kind { PLATFORM, EXTENSION, UNKNOWN }

    static final Attribution PLATFORM = new Attribution(Kind.PLATFORM, null, "platform");

    static Attribution extension(Codebase codebase) {
        return new Attribution(Kind.EXTENSION, codebase, codebase.id());
    }

    static Attribution unknown(ClassLoader loader) {
        return new Attribution(Kind.UNKNOWN, null, "unknown class loader " + loader.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(loader)));
    }
}
