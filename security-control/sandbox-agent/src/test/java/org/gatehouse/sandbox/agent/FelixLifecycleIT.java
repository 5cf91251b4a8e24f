package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestBundle;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.launch.Framework;

/**
 * Felix lifecycle and hook APIs from inside a real extension bundle in a real framework:
 * stopping the system bundle, stopping another bundle, installing, refreshing, registering a
 * weaving hook or a service and getting a platform service are denied unless granted.
 */
class FelixLifecycleIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        // the actions run inside a real bundle here; the loader-based extension is not used
        return GlobalSetterActions.class;
    }

    private static final String ACTIONS = "org.gatehouse.sandbox.agent.ExtensionBundle";
    @TempDir
    Path folder;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    private Framework framework;
    private Bundle other;
    private Class<?> bundleActions;

    @BeforeEach
    void startFrameworkWithAnExtension() throws Exception {
        TestFramework osgi = frameworks.start(folder.resolve("cache"), Map.of("org.osgi.framework.bootdelegation", "org.gatehouse.sandbox.bridge"));
        framework = osgi.framework();
        osgi.context().registerService(String.class.getName(), "platform value", null);
        other = osgi.install(bundle("platform.other", null));
        osgi.startAll(List.of(other));
        Bundle extensionBundle = osgi.install(bundle("ext.matrix", ACTIONS));
        osgi.startAll(List.of(extensionBundle));
        bundleActions = extensionBundle.loadClass(ACTIONS);
        DECIDER.forgetRequests();
    }

    @Test
    void stoppingTheFrameworkIsDeniedAndItKeepsRunning() {
        assertDenied("osgi framework stop", () -> inBundle("stopFramework"));

        assertEquals(Bundle.ACTIVE, framework.getState());
    }

    @Test
    void stoppingAnotherBundleIsDeniedAndAllowedWhenGranted() throws Exception {
        assertDenied("osgi bundle:platform.other stop", () -> inBundle("stopBundle", other.getBundleId()));
        assertEquals(Bundle.ACTIVE, other.getState());

        granted("osgi", "bundle:platform.other", () -> inBundle("stopBundle", other.getBundleId()));
        assertEquals(Bundle.RESOLVED, other.getState());
    }

    @Test
    void uninstallingAnotherBundleIsDeniedAndItStays() {
        assertDenied("osgi bundle:platform.other uninstall", () -> inBundle("uninstallBundle", other.getBundleId()));

        assertEquals(Bundle.ACTIVE, other.getState());
    }

    @Test
    void updatingTheFrameworkIsDeniedAndItKeepsRunning() {
        assertDenied("osgi framework update", () -> inBundle("updateFramework"));

        assertEquals(Bundle.ACTIVE, framework.getState());
    }

    @Test
    void installingABundleIsDenied() throws Exception {
        String location = bundle("ext.sneaky", null).toUri().toString();

        assertDenied("osgi bundle:" + location + " install", () -> inBundle("installBundle", location));

        assertEquals(3, framework.getBundleContext().getBundles().length);
    }

    @Test
    void refreshingTheFrameworkIsDenied() throws Exception {
        // the framework's wiring comes from adapting the system bundle, a request of its own
        assertDenied("osgi framework adapt", () -> inBundle("refreshFramework"));
        try (AutoCloseable adapt = DECIDER.grant("osgi", "framework adapt")) {
            assertDenied("osgi framework refresh", () -> inBundle("refreshFramework"));
        }
    }

    @Test
    void registeringAWeavingHookIsDeniedAndNothingIsRegistered() throws Exception {
        assertDenied("osgi hook:" + WeavingHook.class.getName() + " register", () -> inBundle("registerWeavingHook"));

        assertNull(framework.getBundleContext().getServiceReference(WeavingHook.class));
    }

    @Test
    void registeringAServiceIsCheckedByName() throws Exception {
        assertDenied("osgi service:java.lang.Runnable register", () -> inBundle("registerRunnable"));
        assertNull(framework.getBundleContext().getServiceReference(Runnable.class));

        granted("osgi", "service:java.lang.Runnable", () -> inBundle("registerRunnable"));
        assertNotNull(framework.getBundleContext().getServiceReference(Runnable.class));
    }

    @Test
    void gettingAPlatformServiceIsDeniedAndAllowedWhenGranted() throws Exception {
        assertDenied("osgi service:java.lang.String get", () -> inBundle("getService", String.class.getName()));

        assertEquals("platform value",
                granted("osgi", "service:java.lang.String", () -> inBundle("getService", String.class.getName())));
    }

    @Test
    void theFrameworkItselfAndTrustedCodeAreNotChecked() throws Exception {
        other.stop();
        other.start();

        assertNoExtensionRequest();
    }

    private Object inBundle(String action, Object... arguments) throws Exception {
        Method method = Arrays.stream(bundleActions.getMethods()).filter(m -> m.getName().equals(action))
                .findFirst().orElseThrow();
        try {
            return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A bundle jar with this symbolic name and, when given, the activator class from the test classes. */
    private Path bundle(String symbolicName, String activator) throws Exception {
        TestBundle bundle = TestBundle.named(symbolicName);
        if (activator != null) {
            bundle.header("Bundle-Activator", activator)
                    .header("Import-Package", "org.osgi.framework, org.osgi.framework.hooks.weaving, org.osgi.framework.wiring")
                    .classes(activator);
        }
        return bundle.writeTo(folder.resolve(symbolicName + ".jar"));
    }
}
