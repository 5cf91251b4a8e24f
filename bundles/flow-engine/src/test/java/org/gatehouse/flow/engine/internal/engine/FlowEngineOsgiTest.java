package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.flow.engine.testext.VersionedStep;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestBundle;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The bundle in a real Felix: its activator reads {@code conf/flows.xml}, follows extension
 * bundles (built here, installed at the extension installer's location prefix) and registers the
 * MessageProcessor. An upgrade with a message in flight: version 2 starts, version 1 stops while
 * holding a message, which finishes on version 1 with no failure while new messages use version 2.
 * And the control module's {@code PolicyService} deciding which bundles are extensions, the
 * descriptors of the others giving built-in bladelets.
 *
 * <p>The packages the bundle imports from other Gatehouse modules (the data plane's SPI, the SDK,
 * the schemas) are exported by the system bundle from this test's class path, so the test and
 * the bundle share those classes.
 */
class FlowEngineOsgiTest {
    private static final String EXTENSION = "org.example.versioned";
    private static final Pattern IMPORT = Pattern.compile("((?:org\\.gatehouse|com\\.fasterxml)[A-Za-z0-9_.]*);version=\"\\[([0-9.]+),");

    @TempDir
    Path work;

    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    private TestFramework felix;

    @Test
    void upgradeFinishesTheMessageInFlightOnTheOldVersion() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.write(conf.resolve("flows.xml"), EngineFixture.flows("  <settings step-timeout=\"10s\"/>\n"
                + "  <message-type name=\"orders\" flow=\"orders\"><match path-prefix=\"/orders\"/></message-type>\n"
                + "  <flow name=\"orders\"><step bladelet=\"versioned\" extension=\"" + EXTENSION + "\"/></flow>\n"));
        BundleContext context = boot(conf);
        felix.installAndStart(List.of(BundleJars.moduleClasses()));
        Bundle v1 = context.installBundle("gatehouse:extension:" + EXTENSION + "/1.0.0", extensionJar("1.0.0", "1", "1500ms"));
        v1.start();
        MessageProcessor processor = processor("/orders");
        TestRequestHead head = TestRequestHead.get("/orders/1");
        assertEquals("orders", processor.classify(head).messageType());
        assertTrue(Files.isDirectory(work.resolve("data/extensions/" + EXTENSION)), "the extension's data folder");

        CompletableFuture<FlowResult> inFlight = processor.classify(head).run(head, null).toCompletableFuture();
        Thread.sleep(300); // the message is inside version 1's step now
        Bundle v2 = context.installBundle("gatehouse:extension:" + EXTENSION + "/2.0.0", extensionJar("2.0.0", "2", "0ms"));
        v2.start();
        long stopStarted = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                v1.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        FlowResult.Forward fresh = assertInstanceOf(FlowResult.Forward.class,
                processor.classify(head).run(head, null).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("2", EngineFixture.header(fresh, "X-Version"), "new messages use the version started last");
        assertFalse(inFlight.isDone(), "the old version still holds its message");

        FlowResult.Forward old = assertInstanceOf(FlowResult.Forward.class, inFlight.get(10, TimeUnit.SECONDS));
        assertEquals("1", EngineFixture.header(old, "X-Version"), "finished on the old version, not failed");
        stopping.get(10, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - stopStarted) / 1_000_000 >= 700, "stopping version 1 waited for its message");
        assertEquals(Bundle.RESOLVED, v1.getState());
        assertEquals(Bundle.ACTIVE, v2.getState());
    }

    @Test
    void policyServiceDecidesWhatIsAnExtensionAndOtherDescriptorsAreBuiltIn() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.write(conf.resolve("flows.xml"), EngineFixture.flows(
                "  <message-type name=\"uploaded\" flow=\"uploaded\"><match path-prefix=\"/uploaded\"/></message-type>\n"
                + "  <message-type name=\"builtin\" flow=\"builtin\"><match path-prefix=\"/builtin\"/></message-type>\n"
                + "  <flow name=\"uploaded\"><step bladelet=\"versioned\" extension=\"org.example.uploaded\"/></flow>\n"
                + "  <flow name=\"builtin\"><step bladelet=\"versioned\"/></flow>\n"));
        BundleContext context = boot(conf);
        // the control module's answer, for a bundle installed from a plain file (no extension location)
        context.registerService(org.gatehouse.policy.engine.api.PolicyService.class, (org.gatehouse.policy.engine.api.PolicyService)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {org.gatehouse.policy.engine.api.PolicyService.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("extensionOf") && args[0] instanceof Bundle) {
                                Bundle b = (Bundle) args[0];
                                return "org.example.uploaded".equals(b.getSymbolicName())
                                        ? java.util.Optional.of(org.gatehouse.policy.engine.api.Codebase.of(b.getSymbolicName(), "1.0.0", b.getLocation()))
                                        : java.util.Optional.empty();
                            }
                            throw new UnsupportedOperationException(method.getName());
                        }), null);
        felix.installAndStart(List.of(BundleJars.moduleClasses()));
        context.installBundle("file:uploaded.jar", bladeletJar("org.example.uploaded", "1.0.0", "uploaded", "0ms")).start();
        context.installBundle("file:platform.jar", bladeletJar("org.gatehouse.builtin-steps", "1.0.0", "builtin", "0ms")).start();
        MessageProcessor processor = processor("/uploaded");

        TestRequestHead uploaded = TestRequestHead.get("/uploaded");
        FlowResult.Forward viaExtension = assertInstanceOf(FlowResult.Forward.class,
                processor.classify(uploaded).run(uploaded, null).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("uploaded", EngineFixture.header(viaExtension, "X-Version"));
        TestRequestHead builtin = TestRequestHead.get("/builtin");
        FlowResult.Forward viaPlatform = assertInstanceOf(FlowResult.Forward.class,
                processor.classify(builtin).run(builtin, null).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("builtin", EngineFixture.header(viaPlatform, "X-Version"));
        assertTrue(Files.isDirectory(work.resolve("data/extensions/org.example.uploaded")));
        assertTrue(Files.isDirectory(work.resolve("data/platform/org.gatehouse.builtin-steps")));
    }

    private BundleContext boot(Path conf) throws Exception {
        felix = frameworks.start(work.resolve("felix-cache"), Map.of(
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, sharedPackages(),
                "gatehouse.conf.dir", conf.toString(),
                "gatehouse.data.dir", work.resolve("data").toString()));
        return felix.context();
    }

    /** Every Gatehouse and Jackson package the bundle imports, at the lowest version its range accepts. */
    private static String sharedPackages() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String imports = manifest.getMainAttributes().getValue(Constants.IMPORT_PACKAGE);
        StringJoiner exports = new StringJoiner(",");
        // the sandbox bridge's Privileged boundary: the element's boot class path, the test's class path here
        exports.add("org.gatehouse.sandbox.bridge");
        Matcher m = IMPORT.matcher(imports);
        while (m.find()) {
            if (!m.group(1).startsWith("org.gatehouse.flow.engine.")) {
                exports.add(m.group(1) + ";version=" + m.group(2));
            }
        }
        return exports.toString();
    }

    /**
     * The service is also registered as FlowService, whose class the test's class path holds
     * apart from the bundle's, so the framework hides it from the system bundle as not
     * assignable; ask without that filter (MessageProcessor itself is shared).
     */
    /**
     * The service is also registered as FlowService, whose class the test's class path holds
     * apart from the bundle's; the harness asks without the class-space filter that would hide it
     * (MessageProcessor itself is shared).
     */
    private MessageProcessor processor(String probePath) throws Exception {
        MessageProcessor processor = felix.service(MessageProcessor.class, Duration.ofSeconds(10));
        assertNotNull(processor);
        Await.until("flows.xml read", () -> processor.classify(TestRequestHead.get(probePath)) != null);
        return processor;
    }

    /** An extension bundle with one class, its descriptor and a hand-written manifest. */
    private InputStream extensionJar(String version, String mark, String hold) throws Exception {
        return bladeletJar(EXTENSION, version, mark, hold);
    }

    private InputStream bladeletJar(String symbolicName, String version, String mark, String hold) throws Exception {
        Path jar = TestBundle.named(symbolicName, version)
                .header(Constants.IMPORT_PACKAGE, "org.gatehouse.sdk.bladelet;version=\"[1.0,2)\",org.gatehouse.sdk.message;version=\"[1.0,2)\"")
                .classes(VersionedStep.class)
                .entry("OSGI-INF/gatehouse/bladelets.xml", "<bladelets xmlns=\"urn:gatehouse:bladelet-descriptor:1\">\n"
                        + "  <bladelet name=\"versioned\" kind=\"step\" class=\"" + VersionedStep.class.getName() + "\">\n"
                        + "    <parameter name=\"version\" type=\"string\" default=\"" + mark + "\"/>\n"
                        + "    <parameter name=\"hold\" type=\"duration\" default=\"" + hold + "\"/>\n"
                        + "  </bladelet>\n</bladelets>\n")
                .writeTo(work.resolve(symbolicName + "-" + version + ".jar"));
        assertNotNull(new JarFile(jar.toFile()).getManifest());
        return Files.newInputStream(jar);
    }
}
