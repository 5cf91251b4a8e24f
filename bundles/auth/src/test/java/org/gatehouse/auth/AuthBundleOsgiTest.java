package org.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.felix.framework.Felix;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The bundle in a real Felix with SCR: its imports (UnboundID, Nimbus, Bouncy Castle, Jackson,
 * the JDK's GSS-API and XML signature) resolve, its three step factories are registered, and
 * every method class its descriptor names loads from the bundle, as the flow engine loads them.
 */
class AuthBundleOsgiTest {
    private static final Pattern RUNTIME_BUNDLES = Pattern.compile(
            "(jackson-(annotations|core|databind|dataformat-xml)|woodstox-core|stax2-api|policy-schemas|platform-files|policy-engine|extension-api"
            + "|extension-descriptor|flow-engine|dataplane|unboundid-ldapsdk|nimbus-jose-jwt|bc(prov|pkix|util)-jdk18on"
            + "|netty-(common|buffer|resolver|transport|transport-native-unix-common|codec-base|codec-compression|codec-http|codec-http2"
            + "|handler|tcnative-classes)|org\\.apache\\.felix\\.scr|org\\.osgi\\.service\\.component|org\\.osgi\\.util\\.(promise|function))"
            + "-[0-9].*\\.jar");

    @TempDir
    Path work;
    private Felix felix;

    @AfterEach
    void stop() throws Exception {
        if (felix != null) {
            felix.stop();
            felix.waitForStop(10000);
        }
    }

    private BundleContext boot() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        felix = new Felix(properties);
        felix.start();
        BundleContext context = felix.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (RUNTIME_BUNDLES.matcher(new File(entry).getName()).matches()) {
                installed.add(context.installBundle(new File(entry).toURI().toString()));
            }
        }
        installed.add(context.installBundle("reference:" + Path.of("target/classes").toAbsolutePath().toUri()));
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        return context;
    }

    @Test
    void bundleResolvesRegistersTheStepsAndLoadsEveryMethod() throws Exception {
        BundleContext context = boot();
        Bundle auth = java.util.Arrays.stream(context.getBundles()).filter(b -> "org.gatehouse.auth".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        assertEquals(Bundle.ACTIVE, auth.getState());

        TreeSet<String> steps = new TreeSet<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (steps.size() < 3 && System.currentTimeMillis() < deadline) {
            steps.clear();
            ServiceReference<?>[] references = context.getAllServiceReferences("org.gatehouse.flow.spi.PlatformStepFactory", null);
            if (references != null) {
                for (ServiceReference<?> reference : references) {
                    Object factory = context.getService(reference);
                    Object descriptor = factory.getClass().getMethod("descriptor").invoke(factory);
                    steps.add((String) descriptor.getClass().getMethod("name").invoke(descriptor));
                }
            }
            Thread.sleep(50);
        }
        assertEquals(new TreeSet<>(List.of("authenticate", "authorize", "identity-assertion")), steps);

        for (BladeletDescriptor bladelet : BladeletHarness.fromClassPath().descriptor().bladelets()) {
            Class<?> type = auth.loadClass(bladelet.className());
            // linking the constructor makes the class's imports resolve now, not at the first message
            assertNotNull(type.getConstructors()[0], bladelet.name());
            assertNotNull(type.getDeclaredMethods(), bladelet.name());
        }
    }
}
