package org.gatehouse.policy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.felix.framework.Felix;
import org.gatehouse.policy.api.ExtensionInstaller;
import org.gatehouse.policy.api.PolicyService;
import org.gatehouse.policy.audit.AuditEvent;
import org.gatehouse.policy.audit.AuditSink;
import org.gatehouse.policy.osgi.probe.ExtensionProbe;
import org.gatehouse.policy.osgi.probe.helper.HelperApi;
import org.gatehouse.policy.osgi.testplatform.PlatformSecret;
import org.gatehouse.policy.osgi.testsdk.SdkMarker;
import org.gatehouse.schemas.XmlDocumentException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The control module in a real Felix: extensions built as bundles in the test, the class-space
 * and visibility hooks, the sandbox decider reached through the real bridge, policy changes
 * without a restart, and the extension installer. One framework serves all tests (the bridge
 * takes one decider per JVM); each test uses its own extensions.
 */
class FrameworkSandboxTest {
    private static final String PROBE = ExtensionProbe.class.getName();

    @TempDir
    static Path temp;
    static Path home;
    static Path conf;
    static Framework framework;
    static BundleContext system;
    static SandboxControl control;
    static Bundle platform;
    static final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFramework() throws Exception {
        home = Files.createDirectories(temp.resolve("gatehouse home"));
        conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("extensions"));
        try (InputStream in = FrameworkSandboxTest.class.getResourceAsStream("/osgi/system-policy.xml")) {
            Files.copy(in, conf.resolve("system-policy.xml"));
        }
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, temp.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // as in the element: the bridge comes from outside the framework, never through a wire
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
        config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_APP);
        config.put("gatehouse.home", home.toString());
        config.put("gatehouse.conf.dir", conf.toString());
        config.put("gatehouse.data.dir", temp.resolve("data").toString());
        config.put("gatehouse.platform.location.prefixes", "test-platform:");
        framework = new Felix(config);
        framework.start();
        system = framework.getBundleContext();
        platform = system.installBundle(TestBundles.named("test.platform.lib")
                .header("Export-Package", "org.gatehouse.policy.osgi.testsdk,org.gatehouse.policy.osgi.testplatform")
                .classes(SdkMarker.class, PlatformSecret.class)
                .writeTo(temp.resolve("platform/lib.jar")).toUri().toString());
        platform.start();
        system.registerService(AuditSink.class, audited::add, null);
        control = new SandboxControl(system);
        control.start();
    }

    @AfterAll
    static void stopFramework() throws Exception {
        control.stop();
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static TestBundles probe(String symbolicName) throws Exception {
        return TestBundles.named(symbolicName).header("Import-Package", "org.osgi.framework").classes(ExtensionProbe.class);
    }

    private static Bundle installExtension(TestBundles bundle, String file) throws Exception {
        Path jar = bundle.writeTo(home.resolve("extensions").resolve(file));
        return system.installBundle(jar.toUri().toString());
    }

    private static Object call(Bundle bundle, String method, Object... args) throws Exception {
        Class<?> probe = bundle.loadClass(PROBE);
        for (Method m : probe.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                return m.invoke(null, args);
            }
        }
        throw new NoSuchMethodException(method);
    }

    private static String policy(String... permissions) {
        StringBuilder sb = new StringBuilder("<extension-policy xmlns='urn:gatehouse:extension-policy:1'>");
        for (String p : permissions) {
            sb.append(p);
        }
        return sb.append("</extension-policy>").toString();
    }

    @Test
    void extensionIsDecidedByItsPolicyThroughTheBridge() throws Exception {
        assertTrue(control.deciderInstalled());
        try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            Bundle ext = installExtension(probe("test.ext.probe").entry(ExtensionPolicies.BUNDLE_ENTRY,
                    policy("<permission type='socket' name='127.0.0.1:" + port + "' actions='connect'/>")), "probe.jar");
            assertEquals("connected", call(ext, "connect", port), "granted by its policy, within the overridable element");
            assertEquals("denied: codebase [ext:test.ext.probe/1.0.0], class [" + PROBE + "], permission [socket 127.0.0.1:"
                    + (port == 65535 ? port - 1 : port + 1) + " connect], rule [not granted]",
                    call(ext, "connect", port == 65535 ? port - 1 : port + 1));
            assertEquals("denied: codebase [ext:test.ext.probe/1.0.0], class [" + PROBE + "], permission [file /etc/passwd read], "
                    + "rule [not granted]", call(ext, "check", "file", "/etc/passwd", "read"));
            assertEquals("denied: codebase [ext:test.ext.probe/1.0.0], class [" + PROBE + "], permission [runtime exitVM], "
                    + "rule [restriction: runtime exitVM]", call(ext, "check", "runtime", "exitVM", ""));
            Path own = temp.resolve("data/extensions/test.ext.probe");
            assertTrue(Files.isDirectory(own), "the engine creates the extension's data folder");
            assertEquals("allowed", call(ext, "check", "file", own.resolve("state.bin").toString(), "write"));
            ext.uninstall();
        }
    }

    @Test
    void lambdasOfAnExtensionAreTheExtension() throws Exception {
        Bundle ext = installExtension(probe("test.ext.lambda"), "lambda.jar");
        String answer = (String) call(ext, "checkFromLambda", "runtime", "exitVM", "");
        assertTrue(answer.startsWith("denied: codebase [ext:test.ext.lambda/1.0.0]"), answer);
        ext.uninstall();
    }

    @Test
    void platformCodeIsTrusted() {
        assertEquals("allowed", PlatformSecret.check("runtime", "exitVM", ""), "the test's own (application) loader is platform");
        assertTrue(control.loaders().attribute(PlatformSecret.class).kind() == Attribution.Kind.PLATFORM);
    }

    @Test
    void unknownClassLoadersAreDeniedAndAnExtensionsChildLoaderIsTheExtension() throws Exception {
        ClassLoader orphan = new ClassLoader(null) { };
        Attribution unknown = control.loaders().attribute(java.lang.reflect.Proxy.getProxyClass(orphan, new Class<?>[0]));
        assertEquals(Attribution.Kind.UNKNOWN, unknown.kind());
        Bundle ext = installExtension(probe("test.ext.parent"), "parent.jar");
        ClassLoader bundleLoader = ext.loadClass(PROBE).getClassLoader();
        ClassLoader child = new ClassLoader(bundleLoader) { };
        Class<?> madeByExtension = java.lang.reflect.Proxy.getProxyClass(child, new Class<?>[0]);
        Attribution a = control.loaders().attribute(madeByExtension);
        assertEquals(Attribution.Kind.EXTENSION, a.kind());
        assertEquals("ext:test.ext.parent/1.0.0", a.codebase().id());
        BridgeDecider decider = new BridgeDecider(control.loaders(), control.engine());
        SecurityException e = assertThrows(SecurityException.class,
                () -> decider.check(java.lang.reflect.Proxy.getProxyClass(orphan, new Class<?>[0]), "file", "/tmp/x", "read"));
        assertTrue(e.getMessage().startsWith("denied: codebase [unknown class loader "), e.getMessage());
        assertTrue(e.getMessage().endsWith("rule [unknown class loader]"), e.getMessage());
        decider.check(Object.class, "runtime", "exitVM", "");
        ext.uninstall();
    }

    @Test
    void extensionsImportOnlyAllowedPlatformPackages() throws Exception {
        Bundle good = installExtension(probe("test.ext.importsdk")
                .header("Import-Package", "org.osgi.framework,org.gatehouse.policy.osgi.testsdk"), "importsdk.jar");
        assertEquals("loaded", call(good, "load", SdkMarker.class.getName()));
        Bundle bad = installExtension(probe("test.ext.importinternal")
                .header("Import-Package", "org.osgi.framework,org.gatehouse.policy.osgi.testplatform"), "importinternal.jar");
        BundleException e = assertThrows(BundleException.class, bad::start);
        assertTrue(e.getMessage().contains("org.gatehouse.policy.osgi.testplatform"), e.getMessage());
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
        Bundle fragment = installExtension(TestBundles.named("test.ext.fragment").header("Fragment-Host", "test.platform.lib"), "fragment.jar");
        Bundle frameworkExtension = installExtension(TestBundles.named("test.ext.fwext")
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
        Bundle provider = installExtension(TestBundles.named("test.ext.provider")
                .header("Export-Package", "org.gatehouse.policy.osgi.probe.helper").classes(HelperApi.class), "provider.jar");
        Bundle consumer = installExtension(probe("test.ext.consumer")
                .header("Import-Package", "org.osgi.framework,org.gatehouse.policy.osgi.probe.helper"), "consumer.jar");
        assertEquals("loaded", call(consumer, "load", HelperApi.class.getName()));
        Path lateBundle = TestBundles.named("test.platform.late")
                .header("Import-Package", "org.gatehouse.policy.osgi.probe.helper")
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
    void aPolicyFileChangeTakesEffectWithoutRestart() throws Exception {
        Bundle ext = installExtension(probe("test.ext.reload"), "reload.jar");
        String request = "127.0.0.1:7001";
        assertTrue(((String) call(ext, "check", "socket", request, "connect")).startsWith("denied"));
        long before = control.engine().current().generation();
        Files.createDirectories(conf.resolve("extension-policies"));
        Files.writeString(conf.resolve("extension-policies/test.ext.reload.xml"),
                policy("<permission type='socket' name='" + request + "' actions='connect'/>"), StandardCharsets.UTF_8);
        long deadline = System.currentTimeMillis() + 15_000;
        while (!"allowed".equals(call(ext, "check", "socket", request, "connect")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("allowed", call(ext, "check", "socket", request, "connect"));
        assertTrue(control.engine().current().generation() > before);
        assertTrue(audited.stream().anyMatch(e -> e.action().equals(AuditEvent.POLICY_SWAP)
                && e.details().contains("granted ext:test.ext.reload/1.0.0 socket " + request + " connect")));
        Files.delete(conf.resolve("extension-policies/test.ext.reload.xml"));
        ext.uninstall();
    }

    @Test
    void denialsReachRegisteredAuditSinks() throws Exception {
        Bundle ext = installExtension(probe("test.ext.audited"), "audited.jar");
        call(ext, "check", "file", "/etc/shadow", "read");
        assertTrue(audited.stream().anyMatch(e -> e.action().equals(AuditEvent.SANDBOX_DENIED)
                && e.subject().equals("ext:test.ext.audited/1.0.0") && e.summary().contains("/etc/shadow")));
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        assertEquals(1, service.denials("ext:test.ext.audited/1.0.0"));
        ext.uninstall();
    }

    @Test
    void installerMarksExtensionsAndInstallsTheirPolicyFirst() throws Exception {
        ExtensionInstaller installer = system.getService(system.getServiceReference(ExtensionInstaller.class));
        Path jar = probe("test.ext.installed").writeTo(temp.resolve("uploads/installed.jar"));
        byte[] policy = policy("<permission type='socket' name='127.0.0.1:7002' actions='connect'/>").getBytes(StandardCharsets.UTF_8);
        Bundle ext = installer.install(jar, Optional.of(policy));
        assertEquals("gatehouse:extension:test.ext.installed", ext.getLocation());
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        assertTrue(service.isExtension(ext));
        assertTrue(Files.exists(conf.resolve("extension-policies/test.ext.installed.xml")));
        assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7002", "connect"), "in force when install returns");
        BundleException twice = assertThrows(BundleException.class, () -> installer.install(jar, Optional.empty()));
        assertTrue(twice.getMessage().contains("already installed"), twice.getMessage());
        ext.uninstall();
        Files.delete(conf.resolve("extension-policies/test.ext.installed.xml"));
    }

    @Test
    void installerRefusesBadPolicyAndNonBundlesBeforeInstalling() throws Exception {
        ExtensionInstaller installer = system.getService(system.getServiceReference(ExtensionInstaller.class));
        int bundlesBefore = system.getBundles().length;
        Path jar = probe("test.ext.badpolicy").writeTo(temp.resolve("uploads/badpolicy.jar"));
        XmlDocumentException bad = assertThrows(XmlDocumentException.class,
                () -> installer.install(jar, Optional.of("<extension-policy xmlns='urn:gatehouse:extension-policy:1'><restrictions/></extension-policy>"
                        .getBytes(StandardCharsets.UTF_8))));
        assertTrue(bad.getMessage().startsWith("test.ext.badpolicy.xml [1:"), bad.getMessage());
        Path notBundle = TestBundles.named("x").writeTo(temp.resolve("uploads/plain.jar"));
        Files.write(notBundle, new java.util.jar.Manifest().toString().getBytes(StandardCharsets.UTF_8));
        assertEquals("plain.jar: not a bundle: no Bundle-SymbolicName in its manifest",
                assertThrows(BundleException.class, () -> installer.install(notBundle, Optional.empty())).getMessage());
        Path fwext = TestBundles.named("test.ext.fwext2").header("Fragment-Host", "system.bundle; extension:=framework")
                .writeTo(temp.resolve("uploads/fwext2.jar"));
        assertEquals("fwext2.jar: framework-extension fragments are never installed as extensions",
                assertThrows(BundleException.class, () -> installer.install(fwext, Optional.empty())).getMessage());
        Path traversal = TestBundles.named("../../evil").writeTo(temp.resolve("uploads/evil.jar"));
        BundleException e = assertThrows(BundleException.class, () -> installer.install(traversal, Optional.empty()));
        assertEquals("evil.jar: symbolic name [../../evil] cannot name a policy file", e.getMessage());
        assertEquals(bundlesBefore, system.getBundles().length, "nothing installed");
    }

    @Test
    void previewShowsWhatAPolicyWouldDo() throws Exception {
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        var preview = service.preview(org.gatehouse.policy.model.Codebase.of("test.ext.preview", "1.0.0", "gatehouse:extension:test.ext.preview"),
                "upload.xml", policy("<permission type='socket' name='127.0.0.1:8080' actions='connect'/>",
                        "<permission type='runtime' name='exitVM'/>").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, preview.merge().granted().size());
        assertEquals(List.of("ext:test.ext.preview/1.0.0 socket 127.0.0.1:8080 connect"), preview.change().granted());
        assertEquals("intersects restriction [runtime exitVM] (system-policy.xml /system-policy/restrictions/permission[1])",
                preview.merge().rejected().get(0).reason());
    }

    @Test
    void customPermissionTypesOfPlatformBundlesJoinTheRegistry() throws Exception {
        Bundle ext = installExtension(probe("test.ext.custom").entry(ExtensionPolicies.BUNDLE_ENTRY,
                policy("<permission type='credential-store' name='ldap.bind' actions='use'/>")), "custom.jar");
        assertTrue(((String) call(ext, "check", "credential-store", "ldap.bind", "use")).endsWith("rule [unknown permission type credential-store]"));
        String good = Files.readString(conf.resolve("system-policy.xml"));
        Files.writeString(conf.resolve("system-policy.xml"), good
                .replace("</overridable>", "<permission type='credential-store' name='ldap.*' actions='use'/></overridable>"));
        var registration = system.registerService(org.gatehouse.policy.permission.PermissionType.class,
                new org.gatehouse.policy.permission.NamedPermissionType("credential-store", java.util.Set.of("use")), null);
        try {
            long deadline = System.currentTimeMillis() + 15_000;
            while (!"allowed".equals(call(ext, "check", "credential-store", "ldap.bind", "use")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("allowed", call(ext, "check", "credential-store", "ldap.bind", "use"));
            assertTrue(((String) call(ext, "check", "credential-store", "db.main", "use")).endsWith("rule [not granted]"));
        } finally {
            Files.writeString(conf.resolve("system-policy.xml"), good);
            registration.unregister();
            ext.uninstall();
        }
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        service.refresh();
        assertTrue(service.current().registry().find("credential-store").isEmpty(), "the type leaves with its service");
    }

    @Test
    void aBrokenSystemPolicyEditChangesNothing() throws Exception {
        Path file = conf.resolve("system-policy.xml");
        String good = Files.readString(file);
        Bundle ext = installExtension(probe("test.ext.brokenedit").entry(ExtensionPolicies.BUNDLE_ENTRY,
                policy("<permission type='socket' name='127.0.0.1:7003' actions='connect'/>")), "brokenedit.jar");
        assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7003", "connect"));
        try {
            Files.writeString(file, good.replace("<restrictions>", "<restrictions><oops/>"));
            PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
            service.refresh();
            assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7003", "connect"), "the last good system policy stays");
            assertTrue(audited.stream().anyMatch(e -> e.action().equals(AuditEvent.POLICY_REJECTED)
                    && e.summary().startsWith("system policy not read, keeping the previous one: system-policy.xml [")), audited::toString);
        } finally {
            Files.writeString(file, good);
            ext.uninstall();
        }
    }

    @Test
    void configuredPlatformLocationsAreTrustedAndOthersInstalledLaterAreNot() throws Exception {
        byte[] jar = Files.readAllBytes(probe("test.probe.platform").writeTo(temp.resolve("loose/platform-probe.jar")));
        Bundle trusted = system.installBundle("test-platform:probe", new java.io.ByteArrayInputStream(jar));
        assertEquals("allowed", call(trusted, "check", "runtime", "exitVM", ""));
        byte[] other = Files.readAllBytes(probe("test.probe.unvetted").writeTo(temp.resolve("loose/unvetted.jar")));
        Bundle unvetted = system.installBundle("somewhere:else", new java.io.ByteArrayInputStream(other));
        assertTrue(((String) call(unvetted, "check", "runtime", "exitVM", "")).startsWith("denied: codebase [ext:test.probe.unvetted/1.0.0]"));
        trusted.uninstall();
        unvetted.uninstall();
    }

    @Test
    void anUpdatedExtensionIsMergedUnderItsNewVersion() throws Exception {
        Bundle ext = installExtension(probe("test.ext.updated"), "updated.jar");
        assertTrue(control.engine().current().merges().containsKey("ext:test.ext.updated/1.0.0"));
        Path v2 = probe("test.ext.updated").header("Bundle-Version", "2.0.0").writeTo(temp.resolve("loose/updated-2.jar"));
        try (InputStream in = Files.newInputStream(v2)) {
            ext.update(in);
        }
        assertTrue(control.engine().current().merges().containsKey("ext:test.ext.updated/2.0.0"));
        assertFalse(control.engine().current().merges().containsKey("ext:test.ext.updated/1.0.0"));
        assertTrue(((String) call(ext, "check", "file", "/etc/hosts", "read")).startsWith("denied: codebase [ext:test.ext.updated/2.0.0]"));
        ext.uninstall();
    }
}
