package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.audited;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.call;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.control;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.home;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.installExtension;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.policy;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.probe;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.system;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.osgi.probe.helper.HelperApi;
import org.gatehouse.policy.engine.osgi.testplatform.PlatformSecret;
import org.gatehouse.policy.engine.osgi.testsdk.SdkMarker;
import org.gatehouse.test.support.osgi.TestBundle;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The class-space, service and bundle hooks in a real Felix ({@link SandboxFramework}), each rule
 * from both sides: what an extension may not wire to or see, and what it may.
 */
class ClassSpaceHooksTest {

    @Test
    void extensionsImportOnlyAllowedPlatformPackages() throws Exception {
        Bundle good = installExtension(probe("test.ext.importsdk")
                .header("Import-Package", "org.osgi.framework,org.gatehouse.policy.engine.osgi.testsdk"), "importsdk.jar");
        assertEquals("loaded", call(good, "load", SdkMarker.class.getName()));
        Bundle bad = installExtension(probe("test.ext.importinternal")
                .header("Import-Package", "org.osgi.framework,org.gatehouse.policy.engine.osgi.testplatform"), "importinternal.jar");
        BundleException e = assertThrows(BundleException.class, bad::start);
        assertTrue(e.getMessage().contains("org.gatehouse.policy.engine.osgi.testplatform"), e.getMessage());
        assertEquals(Bundle.INSTALLED, bad.getState());
        good.uninstall();
        bad.uninstall();
    }

    @Test
    void dynamicImportsCannotReachPlatformInternals() throws Exception {
        Bundle ext = installExtension(probe("test.ext.dynamic").header("DynamicImport-Package", "*"), "dynamic.jar");
        assertEquals("loaded", call(ext, "load", SdkMarker.class.getName()));
        assertEquals("not found", call(ext, "load", PlatformSecret.class.getName()));
        ext.uninstall();
    }

    @Test
    void noFragmentsOnPlatformBundlesAndNoRequireBundle() throws Exception {
        Bundle fragment = installExtension(TestBundle.named("test.ext.fragment").header("Fragment-Host", "test.platform.lib"), "fragment.jar");
        Bundle frameworkExtension = installExtension(TestBundle.named("test.ext.fwext")
                .header("Fragment-Host", "system.bundle; extension:=framework"), "fwext.jar");
        Bundle requires = installExtension(probe("test.ext.requires").header("Require-Bundle", "test.platform.lib"), "requires.jar");
        FrameworkWiring wiring = system.getBundle(0).adapt(FrameworkWiring.class);
        assertFalse(wiring.resolveBundles(List.of(fragment, requires)));
        assertEquals(Bundle.INSTALLED, fragment.getState());
        assertEquals(Bundle.INSTALLED, requires.getState());
        // Felix attaches framework extensions without resolver hooks: the engine uninstalls them at once
        assertEquals(Bundle.UNINSTALLED, frameworkExtension.getState());
        assertTrue(audited.stream().anyMatch(e -> e.summary().contains("test.ext.fwext") && e.summary().contains("framework-extension")));
        fragment.uninstall();
        requires.uninstall();
    }

    @Test
    void extensionsMayWireToEachOtherButPlatformNeverToAnExtension() throws Exception {
        Bundle provider = installExtension(TestBundle.named("test.ext.provider")
                .header("Export-Package", "org.gatehouse.policy.engine.osgi.probe.helper").classes(HelperApi.class), "provider.jar");
        Bundle consumer = installExtension(probe("test.ext.consumer")
                .header("Import-Package", "org.osgi.framework,org.gatehouse.policy.engine.osgi.probe.helper"), "consumer.jar");
        assertEquals("loaded", call(consumer, "load", HelperApi.class.getName()));
        Path lateBundle = TestBundle.named("test.platform.late")
                .header("Import-Package", "org.gatehouse.policy.engine.osgi.probe.helper")
                .writeTo(home.resolve("bundles/late.jar"));
        Bundle late = system.installBundle(lateBundle.toUri().toString());
        assertFalse(control.engine().current().merges().containsKey("ext:test.platform.late/1.0.0"), "from <home>/bundles: platform");
        assertThrows(BundleException.class, late::start, "a platform bundle must not wire to an extension's package");
        late.uninstall();
        consumer.uninstall();
        provider.uninstall();
    }

    @Test
    void servicesAndBundlesOfThePlatformAreHidden() throws Exception {
        var hidden = system.registerService(Runnable.class, () -> { }, null);
        var granted = system.registerService(Supplier.class, () -> "x", null);
        var askedFor = system.registerService(Callable.class, () -> "y", null);
        try {
            Bundle ext = installExtension(probe("test.ext.services").entry(ExtensionPolicies.BUNDLE_ENTRY,
                    policy("<permission type='osgi' name='service:java.util.concurrent.Callable' actions='get'/>")), "services.jar");
            ext.start();
            @SuppressWarnings("unchecked")
            List<String> services = (List<String>) call(ext, "visibleServices", ext.getBundleContext());
            assertTrue(services.contains(Supplier.class.getName()), services::toString);
            assertTrue(services.contains(Callable.class.getName()), services::toString);
            assertFalse(services.contains(Runnable.class.getName()), services::toString);
            assertFalse(services.contains(ExtensionInstaller.class.getName()), services::toString);
            assertTrue(services.stream().noneMatch(n -> n.startsWith("org.osgi.framework.hooks.")), services::toString);
            assertTrue(system.getServiceReference(Runnable.class) != null, "the platform still sees it");
            @SuppressWarnings("unchecked")
            List<String> bundles = (List<String>) call(ext, "visibleBundles", ext.getBundleContext());
            assertFalse(bundles.contains("test.platform.lib"), bundles::toString);
            assertTrue(bundles.contains("test.ext.services"), bundles::toString);
            ext.uninstall();
        } finally {
            hidden.unregister();
            granted.unregister();
            askedFor.unregister();
        }
    }


    @Test
    void nativeCodeResolvesOnlyWhenThePolicyGrantsIt() throws Exception {
        String nativeCode = "lib/libprobe.so; osname=Linux; processor=x86-64";
        Bundle refused = installExtension(probe("test.ext.native").header("Bundle-NativeCode", nativeCode)
                .entry("lib/libprobe.so", "not really a library"), "native.jar");
        FrameworkWiring wiring = system.getBundle(0).adapt(FrameworkWiring.class);
        assertFalse(wiring.resolveBundles(List.of(refused)));
        assertEquals(Bundle.INSTALLED, refused.getState());
        Bundle allowed = installExtension(probe("test.ext.nativeok").header("Bundle-NativeCode", nativeCode)
                .entry("lib/libprobe.so", "not really a library")
                .entry(ExtensionPolicies.BUNDLE_ENTRY, policy("<permission type='native' name='*' actions='load'/>")), "nativeok.jar");
        assertTrue(wiring.resolveBundles(List.of(allowed)), "granted by the overridable element of the test policy");
        Bundle plain = installExtension(probe("test.ext.nonative"), "nonative.jar");
        assertTrue(wiring.resolveBundles(List.of(plain)), "a refused bundle does not disturb the others");
        refused.uninstall();
        allowed.uninstall();
        plain.uninstall();
    }
}
