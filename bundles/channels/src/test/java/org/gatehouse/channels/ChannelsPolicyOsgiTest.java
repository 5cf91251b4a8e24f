package org.gatehouse.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The bundle in a real Felix: its imports (the schemas' reader, the file watch, Jackson over
 * Woodstox, Bouncy Castle's ASN.1 and HKDF, the tunnel's Netty) resolve, a policy reads and binds
 * inside the framework, where the XML stack is found through bundle wiring rather than the class
 * path, and a certificate's SPIFFE ID is read there.
 */
class ChannelsPolicyOsgiTest {
    private static final String[] RUNTIME_BUNDLES = {"jackson-annotations", "jackson-core", "jackson-databind",
        "jackson-dataformat-xml", "woodstox-core", "stax2-api", "policy-schemas", "platform-files", "bcprov-jdk18on",
        // the tunnel's imports
        "netty-common", "netty-buffer", "netty-resolver", "netty-transport", "netty-transport-native-unix-common", "netty-codec-base",
        "netty-handler", "netty-tcnative-classes",
        // the gateway's: the data plane's service interface, the audit log, HTTP/1.1 codecs, Declarative Services
        "dataplane", "audit-log", "netty-codec-compression", "netty-codec-http", "netty-codec-http2", "org.apache.felix.scr",
        "org.osgi.service.component", "org.osgi.util.promise", "org.osgi.util.function"};

    private static final String POLICY = """
            <channel-policy xmlns="urn:gatehouse:channel-policy:1">
              <identity name="billing"><spiffe id="spiffe://example.org/billing" match="path-prefix"/></identity>
              <service name="orders" host="orders.internal"><port number="8443" protocol="http"/></service>
              <rule name="orders-read" answer="qualified-enable"><from identity="billing"/><to service="orders"/>
                <qualifications><http methods="GET" path="/api/**"/></qualifications></rule>
            </channel-policy>
            """;

    @TempDir
    Path work;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();

    @Test
    void policiesReadAndCertificatesAreNamedInsideTheFramework() throws Exception {
        TestFramework felix = frameworks.start(work.resolve("felix-cache"));
        List<Path> bundles = new ArrayList<>(BundleJars.onClassPath(RUNTIME_BUNDLES));
        bundles.add(BundleJars.moduleClasses());
        felix.installAndStart(bundles);
        Bundle channels = felix.bundle("org.gatehouse.channels");
        assertEquals(Bundle.ACTIVE, channels.getState());
        // the gateway registers itself for the data plane
        ServiceReference<?> gateway = waitForService(channels.getBundleContext(), "org.gatehouse.dataplane.spi.ChannelGateway");
        assertEquals(channels, gateway.getBundle());

        Class<?> reader = channels.loadClass("org.gatehouse.channels.policy.ChannelPolicyReader");
        Object policy = reader.getMethod("parse", String.class, byte[].class)
                .invoke(null, "channel-policy.xml", POLICY.getBytes(StandardCharsets.UTF_8));
        List<?> rules = (List<?>) policy.getClass().getMethod("rules").invoke(policy);
        assertEquals(1, rules.size());
        assertEquals("orders-read", rules.get(0).getClass().getMethod("name").invoke(rules.get(0)));

        X509Certificate certificate = TestPki.authority("CN=Channels OSGi CA").clientWithUris("CN=billing", "spiffe://example.org/billing/api")
                .certificate();
        Class<?> identity = channels.loadClass("org.gatehouse.channels.identity.InstanceIdentity");
        Object billing = identity.getMethod("of", X509Certificate.class).invoke(null, certificate);
        assertEquals("spiffe://example.org/billing/api", identity.getMethod("key").invoke(billing));
    }

    private static ServiceReference<?> waitForService(BundleContext context, String name) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<?> found = context.getServiceReference(name);
            if (found != null) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + name + " service registered");
    }
}
