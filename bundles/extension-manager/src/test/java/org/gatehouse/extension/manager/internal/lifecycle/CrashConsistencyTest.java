package org.gatehouse.extension.manager.internal.lifecycle;

import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.passing;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.policy;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionManagerTest.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.Uploader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;

/**
 * docs/extensions.md "Consistent after a crash": a {@code kill -9} at any step of an operation leaves the element, after a restart, in the
 * state before or after that operation. Each case prepares a home folder, runs the operation in a
 * child JVM that stops at the named step, kills that JVM with SIGKILL, restarts the element on the
 * same folders and compares what it runs, what it lists and what its store and policy hold.
 */
class CrashConsistencyTest {
    private static final Uploader ALICE = new Uploader("alice", "v1.jar");
    private static final String SOCKET = "<permission type='socket' name='127.0.0.1:6379' actions='connect'/>";
    private static final String BSN = "com.acme.crash";

    @TempDir
    Path temp;

    /** What matters of one extension for before/after: name, version, state and policy. */
    private record Seen(String symbolicName, String version, ExtensionState state, Optional<String> policy) {
        static Seen of(ExtensionRecord r) {
            return new Seen(r.symbolicName(), r.version(), r.state(), r.policy());
        }
    }

    @ParameterizedTest(name = "{0} killed when {1}")
    @CsvSource({
        "install, journaled, before", "install, stored, before", "install, applied, before", "install, committed, after",
        "upgrade, journaled, before", "upgrade, stored, before", "upgrade, applied, before", "upgrade, committed, after",
        "disable, applied, before", "disable, committed, after",
        "replace-policy, journaled, before", "replace-policy, stored, before", "replace-policy, applied, before",
        "replace-policy, committed, after",
        "remove, journaled, before", "remove, applied, before", "remove, committed, after"})
    void killAtAnyStepLeavesTheStateBeforeOrAfter(String operation, String step, String expected) throws Exception {
        Path uploads = Files.createDirectories(temp.resolve("uploads"));
        Path v1 = passing(BSN, "1.0.0").writeTo(uploads.resolve("v1.jar"));
        Path v2 = passing(BSN, "2.0.0").writeTo(uploads.resolve("v2.jar"));
        Path newPolicy = Files.write(uploads.resolve("policy.xml"), policy());
        List<Seen> before;
        List<Seen> after;
        try (ManagerFramework element = ManagerFramework.start(temp)) {
            if (!operation.equals("install")) {
                element.manager.install(v1, Optional.of(policy(SOCKET)), ALICE);
            }
            before = seen(element);
            after = expectedAfter(operation, before, v1);
        }

        List<String> args = new ArrayList<>(List.of(temp.toString(), step, operation));
        args.addAll(switch (operation) {
            case "install" -> List.of(v1.toString(), uploads.resolve("install-policy.xml").toString());
            case "upgrade" -> List.of(BSN, v2.toString());
            case "replace-policy" -> List.of(BSN, newPolicy.toString());
            default -> List.of(BSN);
        });
        Files.write(uploads.resolve("install-policy.xml"), policy(SOCKET));
        killChildAt(step, args);

        try (ManagerFramework element = ManagerFramework.start(temp)) {
            List<Seen> now = seen(element);
            assertEquals(expected.equals("before") ? before : after, now, operation + " killed when " + step);
            assertConsistent(element, now);
        }
    }

    private static List<Seen> expectedAfter(String operation, List<Seen> before, Path v1) {
        return switch (operation) {
            case "install" -> List.of(new Seen(BSN, "1.0.0", ExtensionState.ENABLED,
                    Optional.of(new String(policy(SOCKET), StandardCharsets.UTF_8))));
            case "upgrade" -> List.of(new Seen(BSN, "2.0.0", ExtensionState.ENABLED, before.get(0).policy()));
            case "disable" -> List.of(new Seen(BSN, "1.0.0", ExtensionState.DISABLED, before.get(0).policy()));
            case "replace-policy" -> List.of(new Seen(BSN, "1.0.0", ExtensionState.ENABLED,
                    Optional.of(new String(policy(), StandardCharsets.UTF_8))));
            case "remove" -> List.of();
            default -> throw new IllegalArgumentException(operation);
        };
    }

    private void killChildAt(String step, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingElement.class.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(temp.resolve("child.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("AT ") && !line.equals("DONE"));
            assertEquals("AT " + step, line, () -> "the child did not stop at " + step + "; its log: " + log());
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("child.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<Seen> seen(ManagerFramework element) {
        return element.manager.list().stream().map(Seen::of).toList();
    }

    /** The framework runs what the store lists, in its state; no journal entry, staged upload or stray file is left. */
    private static void assertConsistent(ManagerFramework element, List<Seen> now) throws Exception {
        assertEquals(List.of(), names(element.store().resolve("journal")));
        assertEquals(List.of(), names(element.store().resolve("staging")));
        if (now.isEmpty()) {
            assertEquals(List.of(), element.bundles(BSN));
            assertEquals(List.of(), names(element.store().resolve("extensions")));
            assertTrue(!Files.exists(element.uploadedPolicy(BSN)), "no policy of an extension the store does not hold");
            return;
        }
        Seen seen = now.get(0);
        Bundle bundle = element.only(BSN);
        assertEquals(seen.version(), bundle.getVersion().toString());
        assertEquals(seen.state() == ExtensionState.ENABLED, bundle.getState() == Bundle.ACTIVE);
        assertEquals(3, names(element.store().resolve("extensions").resolve(BSN)).size(), "record, jar and policy only");
        assertEquals(seen.policy().orElseThrow(), Files.readString(element.uploadedPolicy(BSN)), "the policy in force is the stored one");
    }
}
