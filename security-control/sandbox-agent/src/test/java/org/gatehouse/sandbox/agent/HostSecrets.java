package org.gatehouse.sandbox.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.sandbox.bridge.Privileged;

/** Trusted platform code with a private field and a helper, the targets of the reflection and deputy cases. */
public final class HostSecrets {
    @SuppressWarnings("unused")
    private static String secret = "platform secret";

    private HostSecrets() {
    }

    /** A trusted helper an extension may call: it writes whatever file its caller names (a deputy). */
    public static void writeFor(Path file) throws IOException {
        Files.writeString(file, "written by the platform");
    }

    /**
     * The same helper vouching for what it does with a privileged boundary: the write is the
     * platform's own, whoever called. (The element keeps such boundaries for work the platform
     * owns, never for a path its caller chose; this one exists to show the boundary works.)
     */
    public static void writeOnItsOwnAuthority(Path file) {
        Privileged.run(() -> {
            try {
                Files.writeString(file, "written by the platform");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A trusted helper that runs any command it is given and waits for it (a deputy). */
    public static int exec(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).start().waitFor();
    }

    /** A platform API that (wrongly) hands out its full-privilege lookup. */
    public static MethodHandles.Lookup leakLookup() {
        return MethodHandles.lookup();
    }
}
