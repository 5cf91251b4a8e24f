package org.gatehouse.test.support.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class TestFrameworkTest {
    @TempDir
    Path dir;

    @Test
    void startsResolvesAndStartsTheGivenBundles() throws Exception {
        Path exporter = TestBundle.named("test.exporter").header("Export-Package", "org.gatehouse.test.support.osgi")
                .classes(TestBundle.class).writeTo(dir.resolve("exporter.jar"));
        Path importer = TestBundle.named("test.importer", "2.0.0").header("Import-Package", "org.gatehouse.test.support.osgi")
                .writeTo(dir.resolve("importer.jar"));
        try (TestFramework osgi = TestFramework.start(dir.resolve("felix"), Map.of("test.property", "set"))) {
            osgi.installAndStart(List.of(exporter, importer));

            assertEquals(Bundle.ACTIVE, osgi.bundle("test.importer").getState());
            assertEquals("2.0.0", osgi.bundle("test.importer").getVersion().toString());
            assertEquals("set", osgi.context().getProperty("test.property"));
        }
    }

    @Test
    void anUnresolvedBundleFailsNamingItAndItsMissingRequirement() throws Exception {
        Path lonely = TestBundle.named("test.lonely").header("Import-Package", "com.example.nowhere").writeTo(dir.resolve("lonely.jar"));
        Path fine = TestBundle.named("test.fine").writeTo(dir.resolve("fine.jar"));
        try (TestFramework osgi = TestFramework.start(dir.resolve("felix"))) {
            AssertionError failure = assertThrows(AssertionError.class, () -> osgi.installAndStart(List.of(fine, lonely)));

            assertTrue(failure.getMessage().startsWith("bundles that do not resolve:\n  test.lonely 1.0.0 [" + lonely.toUri()),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("missing requirement"), failure.getMessage());
            assertTrue(failure.getMessage().contains("com.example.nowhere"), failure.getMessage());
            assertEquals(Bundle.RESOLVED, osgi.bundle("test.fine").getState(), "nothing started");
        }
    }

    @Test
    void serviceWaitsForTheRegistrationAndTimesOutNamingIt() throws Exception {
        try (TestFramework osgi = TestFramework.start(dir.resolve("felix"))) {
            Runnable task = () -> { };
            new Thread(() -> {
                sleep(200);
                osgi.context().registerService(Runnable.class, task, null);
            }).start();

            assertSame(task, osgi.service(Runnable.class, Duration.ofSeconds(10)));
            AssertionError missing = assertThrows(AssertionError.class, () -> osgi.service("com.example.Missing", Duration.ofMillis(100)));
            assertTrue(missing.getMessage().startsWith("com.example.Missing was not registered within PT0.1S; bundles: "), missing.getMessage());
        }
    }

    @Test
    void anExplodedModuleIsInstalledByReference() throws Exception {
        Path folder = dir.resolve("exploded");
        java.nio.file.Files.createDirectories(folder.resolve("META-INF"));
        java.nio.file.Files.writeString(folder.resolve("META-INF/MANIFEST.MF"),
                "Manifest-Version: 1.0\nBundle-ManifestVersion: 2\nBundle-SymbolicName: test.exploded\n");
        try (TestFramework osgi = TestFramework.start(dir.resolve("felix"))) {
            Bundle bundle = osgi.install(folder);
            assertTrue(bundle.getLocation().startsWith("reference:file:"), bundle.getLocation());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
