package org.gatehouse.sandbox.agent;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Trusted platform code with a private field and a helper, the targets of the reflection and deputy cases. */
public final class HostSecrets {
    @SuppressWarnings("unused")
    private static String secret = "platform secret";

    private HostSecrets() {
    }

    /** A trusted helper an extension may call; it writes on its own authority (the platform deputy case). */
    public static void writeFor(Path file) throws IOException {
        Files.writeString(file, "written by the platform");
    }

    /** A platform API that (wrongly) hands out its full-privilege lookup. */
    public static MethodHandles.Lookup leakLookup() {
        return MethodHandles.lookup();
    }
}
