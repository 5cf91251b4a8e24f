package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.itest.support.ElementXml;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * The shipped bundles boot in a real Felix: every jar of the distribution is installed from its
 * file, resolves and is active, and the data plane registers its service with its listener bound.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformBundlesIT extends GatehouseFrameworkTestBase {

    @Configuration
    public Option[] configuration() {
        Path conf = newConfDir();
        new ElementXml().listener("web", "http", 0).writeTo(conf);
        return gatehouseFramework(conf, Map.of());
    }

    @Test
    public void everyDistributionJarIsInstalledFromItsFileAndActive() {
        // the native container shares the test JVM, so the distribution is found the same way here
        List<Path> jars = Distribution.located().bundleJars();
        Map<String, Bundle> byLocation = new HashMap<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            byLocation.put(bundle.getLocation(), bundle);
        }
        Set<String> problems = new TreeSet<>();
        for (Path jar : jars) {
            Bundle bundle = byLocation.get(jar.toUri().toString());
            if (bundle == null) {
                problems.add(jar.getFileName() + " is not installed");
            } else if (bundle.getSymbolicName() == null) {
                problems.add(jar.getFileName() + " is not an OSGi bundle (no Bundle-SymbolicName)");
            } else if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && bundle.getState() != Bundle.ACTIVE) {
                problems.add(jar.getFileName() + " is in state " + bundle.getState() + ", not ACTIVE");
            }
        }
        assertTrue("distribution jars that do not run as bundles: " + problems, problems.isEmpty());
        assertEquals("data plane bundle state", Bundle.ACTIVE, bundleNamed("org.gatehouse.dataplane").getState());
    }

    @Test
    public void dataPlaneServiceIsRegisteredWithItsListenerBound() {
        DataPlane dataPlane = dataPlane();
        assertEquals("itest", dataPlane.elementName());
        assertTrue("generation starts at 1, is " + dataPlane.generation(), dataPlane.generation() >= 1);
        assertNotNull("listener web bound", dataPlane.boundAddresses().get("web"));
        assertTrue("port 0 in the configuration becomes an ephemeral port",
                dataPlane.boundAddresses().get("web").getPort() > 0);
        assertEquals("bundle registering the service", "org.gatehouse.dataplane",
                bundleContext.getServiceReference(DataPlane.class).getBundle().getSymbolicName());
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " installed");
    }
}
