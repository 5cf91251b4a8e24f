package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The bundle in a real Felix with SCR: its imports resolve against the Netty, Jackson, Woodstox,
 * policy-schemas and platform-files bundles (and the demo upstream's, whose responder serves as
 * the upstream), the component reads {@code gatehouse.conf.dir}, registers the
 * DataPlane service and serves traffic; an invalid file keeps the service away.
 */
class DataPlaneComponentOsgiTest {
    private static final String[] RUNTIME_BUNDLES = {"jackson-annotations", "jackson-core", "jackson-databind",
        "jackson-dataformat-xml", "woodstox-core", "stax2-api", "policy-schemas", "platform-files", "demo-upstream",
        "netty-common", "netty-buffer", "netty-resolver",
        "netty-transport", "netty-transport-native-unix-common", "netty-codec-base", "netty-codec-compression", "netty-codec-http",
        "netty-codec-http2", "netty-handler", "netty-tcnative-classes", "netty-tcnative-boringssl-static", "org.apache.felix.scr",
        "org.osgi.service.component", "org.osgi.util.promise", "org.osgi.util.function"};

    @TempDir
    Path work;

    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    private TestFramework felix;

    private BundleContext boot(Path conf) throws Exception {
        return boot(conf, "optional");
    }

    /** @param processor the data plane's {@code gatehouse.dataplane.message-processor}, or null for its default */
    private BundleContext boot(Path conf, String processor) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        if (processor != null) {
            properties.put(DataPlaneComponent.PROCESSOR_PROPERTY, processor);
        }
        properties.put("gatehouse.conf.dir", conf.toString());
        felix = frameworks.start(work.resolve("felix-cache"), properties);
        List<Path> bundles = new ArrayList<>(BundleJars.onClassPath(RUNTIME_BUNDLES));
        // the bundle under test, with the manifest and component XML bnd wrote into target/classes
        bundles.add(BundleJars.moduleClasses());
        felix.installAndStart(bundles);
        return felix.context();
    }

    /**
     * The test's own class path also holds the DataPlane interface, so the framework would hide
     * the service from the system bundle as not assignable; the harness asks without that filter.
     */
    private ServiceReference<?> dataPlaneReference() {
        return felix.reference("org.gatehouse.dataplane.DataPlane");
    }

    @Test
    void componentServesTrafficAndRegistersItsService() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        int demo = DataPlaneHarness.freePort();
        Files.writeString(conf.resolve("element.xml"), DataPlaneHarness.element(
                "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"demo\"><member address=\"127.0.0.1\" port=\"" + demo + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"demo\"/>\n  <demo-upstream port=\"" + demo + "\"/>\n"));
        BundleContext context = boot(conf);
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertEquals(fragment ? Bundle.RESOLVED : Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " not started");
        }
        Await.until(java.time.Duration.ofSeconds(10), "DataPlane service registered", () -> dataPlaneReference() != null);
        ServiceReference<?> reference = dataPlaneReference();
        Object service = context.getService(reference);
        // the service class lives in the framework's class space: call it reflectively
        Method bound = service.getClass().getMethod("boundAddresses");
        InetSocketAddress address = (InetSocketAddress) ((Map<?, ?>) bound.invoke(service)).get("public");
        assertNotNull(address);
        assertEquals(1L, service.getClass().getMethod("generation").invoke(service));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/in-osgi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"path\":\"/in-osgi\""), response.body());
    }

    @Test
    void withoutAMessageProcessorEveryRequestIsRefusedByDefault() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        int demo = DataPlaneHarness.freePort();
        Files.writeString(conf.resolve("element.xml"), DataPlaneHarness.element(
                "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"demo\"><member address=\"127.0.0.1\" port=\"" + demo + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"demo\"/>\n  <demo-upstream port=\"" + demo + "\"/>\n"));
        BundleContext context = boot(conf, null);
        Await.until(java.time.Duration.ofSeconds(10), "DataPlane service registered", () -> dataPlaneReference() != null);
        Object service = context.getService(dataPlaneReference());
        InetSocketAddress address = (InetSocketAddress) ((Map<?, ?>) service.getClass().getMethod("boundAddresses").invoke(service))
                .get("public");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/secure")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"flows_not_loaded\""), response.body());
        assertFalse(response.body().contains("\"path\":\"/secure\""), "the demo upstream never saw it: " + response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void invalidConfigurationFailsActivation() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("element.xml"), DataPlaneHarness.element("  <listener name=\"s\" protocol=\"https\" port=\"0\"/>\n"));
        BundleContext context = boot(conf);
        Thread.sleep(1000);
        ServiceReference<?> reference = dataPlaneReference();
        Object service = reference == null ? null : context.getService(reference);
        assertNull(service, "activation failed, so there is no DataPlane to use");
        Bundle dataplane = felix.bundle("org.gatehouse.dataplane");
        assertEquals(Bundle.ACTIVE, dataplane.getState(), "the bundle itself resolved and started; only its component failed");
    }
}
