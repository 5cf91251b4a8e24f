package org.gatehouse.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gatehouse.runtime.TestHome;
import org.gatehouse.runtime.config.LauncherOptions;
import org.gatehouse.runtime.config.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The staged platform (with the policy engine) booted from a home whose {@code extensions/} holds
 * one extension that starts and one that cannot resolve: the element becomes ready, the first is
 * active and is an extension to the policy engine, the second is logged and left installed.
 */
class ExtensionBundlesIT {
    @TempDir
    Path folder;

    private GatehouseFramework element;
    private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord record) { records.add(record); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger("").removeHandler(capture);
        if (element != null && (element.framework().getState() & Bundle.ACTIVE) != 0) {
            element.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void extensionsAreInstalledAfterThePlatformAndABrokenOneDoesNotStopTheElement() throws Exception {
        Logger.getLogger("").addHandler(capture);
        TestHome home = TestHome.create(folder.resolve("gate house"));
        Path extensions = Files.createDirectories(home.home().resolve("extensions"));
        Path good = writeBundle(extensions.resolve("good.jar"), "com.example.good", "org.osgi.framework");
        writeBundle(extensions.resolve("broken.jar"), "com.example.broken", "com.example.missing");
        // this JVM runs without the sandbox agent: let extensions resolve without a decider
        Properties system = new Properties();
        system.setProperty("gatehouse.sandbox.enforcement", "optional");
        element = GatehouseFramework.create(SettingsLoader.load(
                new LauncherOptions(home.home(), home.conf(), home.data()), system, Map.of()));

        assertTrue(element.boot(() -> false), "the element becomes ready with a broken extension beside it");

        Bundle started = bundle("com.example.good");
        assertEquals(Bundle.ACTIVE, started.getState());
        assertEquals(good.toUri().toString(), started.getLocation());
        assertEquals(Bundle.INSTALLED, bundle("com.example.broken").getState());
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                        && r.getMessage().startsWith("extension com.example.broken 1.0.0 (")
                        && r.getMessage().contains("did not start") && r.getMessage().contains("com.example.missing")),
                "the broken extension is logged with the framework's reason");
        assertEquals(Boolean.TRUE, isExtension(started), "the policy engine sees it as an extension");
        assertEquals(Boolean.FALSE, isExtension(bundle("org.gatehouse.dataplane")), "and the data plane as platform");
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : element.framework().getBundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Whether PolicyService.extensionOf answers, by reflection: the engine's API lives in another class space. */
    private Object isExtension(Bundle bundle) throws Exception {
        ServiceReference<?>[] references = element.framework().getBundleContext()
                .getAllServiceReferences("org.gatehouse.policy.engine.api.PolicyService", null);
        assertNotNull(references, "the policy engine registers its PolicyService");
        Object service = element.framework().getBundleContext().getService(references[0]);
        Class<?> api = references[0].getBundle().loadClass("org.gatehouse.policy.engine.api.PolicyService");
        return ((java.util.Optional<?>) api.getMethod("extensionOf", Bundle.class).invoke(service, bundle)).isPresent();
    }

    private static Path writeBundle(Path jar, String symbolicName, String imports) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", imports);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest is a whole bundle
        }
        return jar;
    }
}
