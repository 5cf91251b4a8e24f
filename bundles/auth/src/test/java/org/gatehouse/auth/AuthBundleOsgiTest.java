package org.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The bundle in a real Felix with SCR: its imports (UnboundID, Nimbus, Bouncy Castle, Jackson,
 * the JDK's GSS-API and XML signature) resolve, its three step factories are registered, and
 * every method class its descriptor names loads from the bundle, as the flow engine loads them.
 */
class AuthBundleOsgiTest {
    private static final String[] RUNTIME_BUNDLES = {"jackson-annotations", "jackson-core", "jackson-databind",
        "jackson-dataformat-xml", "woodstox-core", "stax2-api", "policy-schemas", "platform-files", "policy-engine", "gatehouse-sdk",
        "extension-descriptor", "extension-services", "flow-engine", "dataplane", "unboundid-ldapsdk", "nimbus-jose-jwt", "bcprov-jdk18on",
        "bcpkix-jdk18on", "bcutil-jdk18on", "netty-common", "netty-buffer", "netty-resolver", "netty-transport",
        "netty-transport-native-unix-common", "netty-codec-base", "netty-codec-compression", "netty-codec-http",
        "netty-codec-http2", "netty-handler", "netty-tcnative-classes", "org.apache.felix.scr", "org.osgi.service.component",
        "org.osgi.util.promise", "org.osgi.util.function"};

    @TempDir
    Path work;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    private TestFramework felix;

    private BundleContext boot() throws Exception {
        felix = frameworks.start(work.resolve("felix-cache"));
        List<Path> bundles = new ArrayList<>(BundleJars.onClassPath(RUNTIME_BUNDLES));
        bundles.add(BundleJars.moduleClasses());
        felix.installAndStart(bundles);
        return felix.context();
    }

    @Test
    void bundleResolvesRegistersTheStepsAndLoadsEveryMethod() throws Exception {
        BundleContext context = boot();
        Bundle auth = felix.bundle("org.gatehouse.auth");
        assertEquals(Bundle.ACTIVE, auth.getState());

        TreeSet<String> steps = new TreeSet<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (steps.size() < 3 && System.currentTimeMillis() < deadline) {
            steps.clear();
            ServiceReference<?>[] references = context.getAllServiceReferences("org.gatehouse.flow.engine.spi.PlatformStepFactory", null);
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
