package org.gatehouse.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gatehouse.runtime.LaunchFailure;
import org.gatehouse.runtime.TestHome;
import org.gatehouse.runtime.config.GatehouseSettings;
import org.gatehouse.runtime.config.LauncherOptions;
import org.gatehouse.runtime.config.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Boots a real Felix, in this JVM, with exactly the bundles staged for the distribution, from a
 * temporary home: the platform must resolve, start and become ready, and every way it can fail
 * must fail with a message that names the culprit.
 */
class PlatformBootIT {
    @TempDir
    Path folder;

    private TestHome home;
    private GatehouseFramework element;
    private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord record) { records.add(record); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private Level rootLevel;

    @BeforeEach
    void prepare() throws IOException {
        home = TestHome.create(folder.resolve("gate house"));
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.FINE);
        root.addHandler(capture);
    }

    @AfterEach
    void stop() throws Exception {
        if (element != null && (element.framework().getState() & Bundle.ACTIVE) != 0) {
            element.stop(Duration.ofSeconds(20));
        }
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void everyStagedJarIsABundle() throws IOException {
        List<Path> jars = TestHome.stagedBundles();
        assertTrue(jars.size() >= 15, "the distribution ships the platform: " + jars);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertNotNull(file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"), jar + " is not a bundle");
            }
        }
    }

    @Test
    void thePlatformResolvesStartsAndBecomesReady() throws Exception {
        element = GatehouseFramework.create(settings());

        assertTrue(element.boot(() -> false));

        assertEquals(TestHome.stagedBundles().size(), element.platformBundles().size());
        for (Bundle bundle : element.platformBundles()) {
            int expected = PlatformBundles.isFragment(bundle) ? Bundle.RESOLVED : Bundle.ACTIVE;
            assertEquals(expected, bundle.getState(), PlatformBundles.describe(bundle));
        }
        ServiceReference<?>[] dataPlane = element.framework().getBundleContext()
                .getAllServiceReferences("org.gatehouse.dataplane.DataPlane", null);
        assertNotNull(dataPlane, "the data plane service is what ready waits for");
        assertEquals(home.conf().toString(), element.framework().getBundleContext().getProperty("gatehouse.conf.dir"));
        // the OSGi log reaches java.util.logging through platform-logging (delivered asynchronously)
        assertTrue(eventually(() -> records.stream().anyMatch(r -> "Events.Bundle.org.gatehouse.dataplane".equals(r.getLoggerName()))),
                "framework events of the data plane are forwarded");
    }

    @Test
    void theDemoUpstreamAnswersThroughTheElement() throws Exception {
        element = GatehouseFramework.create(settings());
        assertTrue(element.boot(() -> false));
        int port = boundPort();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"path\":\"/hello\""), response.body());
    }

    @Test
    void aMissingPackageNamesTheBundleAndTheRequirement() throws Exception {
        deleteBundle("jackson-core-");
        element = GatehouseFramework.create(settings());

        LaunchFailure failure = assertThrows(LaunchFailure.class, () -> element.boot(() -> false));

        assertEquals(LaunchFailure.STARTUP_FAILED, failure.exitCode());
        String message = failure.getMessage();
        assertTrue(message.contains("platform bundle com.fasterxml.jackson.core.jackson-databind 2.22.4 (jackson-databind-2.22.4.jar)"
                + " does not resolve: missing requirement osgi.wiring.package (&(osgi.wiring.package=com.fasterxml.jackson.core)"), message);
        assertTrue(message.contains("platform bundle org.gatehouse.policy-schemas"), message);
        assertTrue(message.contains("which does not resolve either"), message);
        assertFalse((element.framework().getState() & Bundle.ACTIVE) != 0, "the framework is stopped after a failed start");
    }

    @Test
    void aJarThatIsNotABundleIsRefused() throws Exception {
        Path plain = home.bundles().resolve("plain-library.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(plain); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        element = GatehouseFramework.create(settings());

        LaunchFailure failure = assertThrows(LaunchFailure.class, () -> element.boot(() -> false));

        assertEquals(plain + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName", failure.getMessage());
    }

    @Test
    void anInvalidElementXmlFailsStartUpWithItsPosition() throws Exception {
        home.writeElementXml(TestHome.elementXml(home.demoUpstreamPort()).replace("port=\"0\"", "port=\"eighty\""));
        element = GatehouseFramework.create(settings());

        LaunchFailure failure = assertThrows(LaunchFailure.class, () -> element.boot(() -> false));

        assertEquals(LaunchFailure.STARTUP_FAILED, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("component org.gatehouse.dataplane."), failure.getMessage());
        assertTrue(failure.getMessage().contains("failed to activate"), failure.getMessage());
        assertTrue(failure.getMessage().contains("element.xml [3:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("/element/listener"), failure.getMessage());
    }

    @Test
    void aMissingReadyServiceTimesOutNamingIt() throws Exception {
        Files.writeString(home.conf().resolve("gatehouse.properties"),
                "gatehouse.ready.services=org.gatehouse.dataplane.DataPlane, com.acme.Missing\ngatehouse.ready.timeout=300ms\n");
        element = GatehouseFramework.create(settings());

        LaunchFailure failure = assertThrows(LaunchFailure.class, () -> element.boot(() -> false));

        assertEquals("not ready after 300 ms (gatehouse.ready.timeout): service com.acme.Missing is not registered", failure.getMessage());
    }

    @Test
    void withAKeptCacheChangedJarsAreUpdatedAndRemovedOnesUninstalled() throws Exception {
        Files.writeString(home.conf().resolve("gatehouse.properties"), "org.osgi.framework.storage.clean=none\n");
        Path extra = home.bundles().resolve("extra-library.jar");
        writeBundle(extra, "org.gatehouse.test.extra");
        element = GatehouseFramework.create(settings());
        assertTrue(element.boot(() -> false));
        long schemasInstalled = bundle("org.gatehouse.policy-schemas").getLastModified();
        element.stop(Duration.ofSeconds(20));

        Files.delete(extra);
        Path schemas = home.bundles().resolve(jarName("policy-schemas-"));
        Files.setLastModifiedTime(schemas, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        element = GatehouseFramework.create(settings());
        assertTrue(element.boot(() -> false));

        assertEquals(null, element.framework().getBundleContext().getBundle(PlatformBundles.LOCATION_PREFIX + "extra-library.jar"),
                "a platform bundle whose jar is gone is uninstalled");
        assertTrue(bundle("org.gatehouse.policy-schemas").getLastModified() > schemasInstalled, "a newer jar is installed as an update");
        assertEquals(Bundle.ACTIVE, bundle("org.gatehouse.dataplane").getState());
    }

    @Test
    void aStopRequestedDuringStartUpIsNotAFailure() throws Exception {
        element = GatehouseFramework.create(settings());

        assertFalse(element.boot(() -> true));
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : element.framework().getBundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private String jarName(String prefix) throws IOException {
        try (var jars = Files.list(home.bundles())) {
            return jars.map(j -> j.getFileName().toString()).filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    /** A bundle with nothing but a manifest. */
    private static void writeBundle(Path jar, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream stream = new JarOutputStream(out, manifest)) {
            stream.flush();
        }
    }

    private int boundPort() throws Exception {
        ServiceReference<?> reference = element.framework().getBundleContext()
                .getAllServiceReferences("org.gatehouse.dataplane.DataPlane", null)[0];
        Object dataPlane = element.framework().getBundleContext().getService(reference);
        Class<?> api = reference.getBundle().loadClass("org.gatehouse.dataplane.DataPlane");
        Map<?, ?> bound = (Map<?, ?>) api.getMethod("boundAddresses").invoke(dataPlane);
        return ((java.net.InetSocketAddress) bound.get("public")).getPort();
    }

    private void deleteBundle(String prefix) throws IOException {
        try (var jars = Files.list(home.bundles())) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith(prefix)).toList()) {
                Files.delete(jar);
            }
        }
    }

    private GatehouseSettings settings() throws LaunchFailure {
        LauncherOptions options = new LauncherOptions(home.home(), home.conf(), home.data());
        return SettingsLoader.load(options, new Properties(), Map.of());
    }
}
