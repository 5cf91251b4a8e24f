package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.PROBE;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.audited;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.call;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.conf;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.confirm;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.control;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.installExtension;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.ledger;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.policy;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.probe;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.system;
import static org.gatehouse.policy.engine.osgi.SandboxFramework.temp;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatehouse.platform.files.HandEdits;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.osgi.testplatform.PlatformSecret;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.test.support.osgi.TestBundle;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * The control module in a real Felix ({@link SandboxFramework}): extensions built as bundles in
 * the test reach the decider through the real bridge from their own class loader; policy changes
 * take effect without a restart; the extension installer and the policy service.
 */
class FrameworkSandboxTest {

    /** A class defined by {@code loader}: a proxy class, the JDK defines it there for us. */
    private static Class<?> proxyClassIn(ClassLoader loader) {
        return java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {Runnable.class}, (p, m, a) -> null).getClass();
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
        Attribution unknown = control.loaders().attribute(proxyClassIn(orphan));
        assertEquals(Attribution.Kind.UNKNOWN, unknown.kind());
        Bundle ext = installExtension(probe("test.ext.parent"), "parent.jar");
        ClassLoader bundleLoader = ext.loadClass(PROBE).getClassLoader();
        ClassLoader child = new ClassLoader(bundleLoader) { };
        Class<?> madeByExtension = proxyClassIn(child);
        Attribution a = control.loaders().attribute(madeByExtension);
        assertEquals(Attribution.Kind.EXTENSION, a.kind());
        assertEquals("ext:test.ext.parent/1.0.0", a.codebase().id());
        BridgeDecider decider = new BridgeDecider(control.loaders(), control.engine());
        SecurityException e = assertThrows(SecurityException.class,
                () -> decider.check(proxyClassIn(orphan), "file", "/tmp/x", "read"));
        assertTrue(e.getMessage().startsWith("denied: codebase [unknown class loader "), e.getMessage());
        assertTrue(e.getMessage().endsWith("rule [unknown class loader]"), e.getMessage());
        decider.check(Object.class, "runtime", "exitVM", "");
        ext.uninstall();
    }

    @Test
    void aPolicyFileEditedByHandIsToldAndNotInForceUntilConfirmed() throws Exception {
        Bundle ext = installExtension(probe("test.ext.reload"), "reload.jar");
        String request = "127.0.0.1:7001";
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var handEdits = system.registerService(HandEdits.class, seen::add, null);
        String name = "extension-policies/test.ext.reload.xml";
        String granting = policy("<permission type='socket' name='" + request + "' actions='connect'/>");
        try {
            assertTrue(((String) call(ext, "check", "socket", request, "connect")).startsWith("denied"));
            Files.createDirectories(conf.resolve("extension-policies"));
            Files.writeString(conf.resolve(name), granting, StandardCharsets.UTF_8);
            long deadline = System.currentTimeMillis() + 15_000;
            while (!seen.contains(name) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(seen.contains(name), "the hand edit is told: " + seen);
            system.getService(system.getServiceReference(PolicyService.class)).refresh();
            assertTrue(((String) call(ext, "check", "socket", request, "connect")).startsWith("denied"), "an edit by hand is not in force");

            long before = control.engine().current().generation();
            confirm(name, granting);
            assertEquals("allowed", call(ext, "check", "socket", request, "connect"), "in force once confirmed");
            assertTrue(control.engine().current().generation() > before);
            // the swap is in force before its audit event has reached every sink: wait for the event too
            java.util.function.BooleanSupplier swapAudited = () -> audited.stream().anyMatch(e -> e.action().equals(AuditEvent.POLICY_SWAP)
                    && e.details().contains("granted ext:test.ext.reload/1.0.0 socket " + request + " connect"));
            while (!swapAudited.getAsBoolean() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(swapAudited.getAsBoolean(), "the swap's audit event names the grant");

            seen.clear();
            Files.delete(conf.resolve(name));
            while (!seen.contains(name) && System.currentTimeMillis() < deadline + 15_000) {
                Thread.sleep(50);
            }
            assertTrue(seen.contains(name), "a removal by hand is told too");
            assertEquals("allowed", call(ext, "check", "socket", request, "connect"), "and takes nothing away by itself");
        } finally {
            handEdits.unregister();
            Files.deleteIfExists(conf.resolve(name));
            confirm(name, null);
            ext.uninstall();
        }
    }

    @Test
    void theElementsOwnPolicyWriteIsNotAHandEdit() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var handEdits = system.registerService(HandEdits.class, seen::add, null);
        Bundle ext = installExtension(probe("test.ext.ownwrite"), "ownwrite.jar");
        try {
            ExtensionInstaller installer = system.getService(system.getServiceReference(ExtensionInstaller.class));
            installer.replacePolicy("test.ext.ownwrite", Optional.of(policy("<permission type='socket' name='127.0.0.1:7009' actions='connect'/>")
                    .getBytes(StandardCharsets.UTF_8)));
            assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7009", "connect"));
            Thread.sleep(3 * PolicyFileWatcher.INTERVAL.toMillis());
            assertEquals(List.of(), seen, "written for a confirmed command: in force, not told as an edit by hand");
            assertTrue(ledger().accepts("extension-policies/test.ext.ownwrite.xml", ledger().onDisk("extension-policies/test.ext.ownwrite.xml")));
        } finally {
            handEdits.unregister();
            system.getService(system.getServiceReference(ExtensionInstaller.class)).replacePolicy("test.ext.ownwrite", Optional.empty());
            ext.uninstall();
        }
    }

    @Test
    void atTheHigherAuditLevelEveryAllowedUseThroughTheBridgeIsAuditedAndAnotherExtensionsNot() throws Exception {
        Bundle watched = installExtension(probe("test.ext.watched"), "watched.jar");
        Bundle plain = installExtension(probe("test.ext.plain"), "plain.jar");
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        service.auditEveryUse("test.ext.watched", true);
        String watchedFile = temp.resolve("data/extensions/test.ext.watched/state.bin").toString();
        String plainFile = temp.resolve("data/extensions/test.ext.plain/state.bin").toString();
        java.util.function.ToLongFunction<String> allowedOf = codebase -> audited.stream()
                .filter(e -> e.action().equals(AuditEvent.SANDBOX_ALLOWED) && e.subject().equals(codebase)).count();

        // the same request twice (the second from the decision cache) and once from a lambda: each one audited
        assertEquals("allowed", call(watched, "check", "file", watchedFile, "write"));
        assertEquals("allowed", call(watched, "check", "file", watchedFile, "write"));
        assertEquals("allowed", call(watched, "checkFromLambda", "file", watchedFile, "write"));
        assertEquals("allowed", call(plain, "check", "file", plainFile, "write"));

        assertEquals(3, allowedOf.applyAsLong("ext:test.ext.watched/1.0.0"));
        assertEquals(0, allowedOf.applyAsLong("ext:test.ext.plain/1.0.0"), "the normal level audits no allowed use");
        service.auditEveryUse("test.ext.watched", false);
        assertEquals("allowed", call(watched, "check", "file", watchedFile, "write"));
        assertEquals(3, allowedOf.applyAsLong("ext:test.ext.watched/1.0.0"), "back at the normal level");
        watched.uninstall();
        plain.uninstall();
    }

    @Test
    void denialsReachRegisteredAuditSinks() throws Exception {
        Bundle ext = installExtension(probe("test.ext.audited"), "audited.jar");
        call(ext, "check", "file", "/etc/shadow", "read");
        assertTrue(audited.stream().anyMatch(e -> e.action().equals(AuditEvent.SANDBOX_DENIED)
                && e.subject().equals("ext:test.ext.audited/1.0.0") && e.summary().contains("/etc/shadow")));
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        assertEquals(1, service.denials("ext:test.ext.audited/1.0.0"));
        assertEquals(1L, service.denialsByCodebase().get("ext:test.ext.audited/1.0.0"));
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
        assertEquals("ext:test.ext.installed/1.0.0", service.extensionOf(ext).orElseThrow().id());
        assertTrue(Files.exists(conf.resolve("extension-policies/test.ext.installed.xml")));
        assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7002", "connect"), "in force when install returns");
        ClassLoader extensionLoader = ext.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader();
        assertEquals(service.extensionOf(ext), service.extensionOf(extensionLoader), "the same answer for its class loader");
        assertTrue(service.extensionOf(PolicyService.class.getClassLoader()).isEmpty(), "platform code is no extension");
        assertTrue(service.extensionOf(system.getBundle()).isEmpty(), "nor is the framework");
        BundleException twice = assertThrows(BundleException.class, () -> installer.install(jar, Optional.empty()));
        assertTrue(twice.getMessage().contains("already installed"), twice.getMessage());
        ext.uninstall();
        Files.delete(conf.resolve("extension-policies/test.ext.installed.xml"));
    }

    @Test
    void installerPutsASecondVersionBesideTheFirstAndReplacesPolicies() throws Exception {
        ExtensionInstaller installer = system.getService(system.getServiceReference(ExtensionInstaller.class));
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        Path v1 = probe("test.ext.beside").writeTo(temp.resolve("uploads/beside-1.jar"));
        Path v2 = probe("test.ext.beside").header("Bundle-Version", "2.0.0").writeTo(temp.resolve("uploads/beside-2.jar"));
        Bundle first = installer.install(v1, Optional.empty());
        Bundle second = installer.installBeside(v2, Optional.of(policy("<permission type='socket' name='127.0.0.1:7003' actions='connect'/>")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("gatehouse:extension:test.ext.beside@2.0.0", second.getLocation());
        assertTrue(service.extensionOf(second).isPresent());
        assertEquals("allowed", call(second, "check", "socket", "127.0.0.1:7003", "connect"), "the policy is per symbolic name");
        assertEquals("allowed", call(first, "check", "socket", "127.0.0.1:7003", "connect"));
        BundleException same = assertThrows(BundleException.class, () -> installer.installBeside(v2, Optional.empty()));
        assertEquals("beside-2.jar: test.ext.beside 2.0.0 is installed already", same.getMessage());

        installer.replacePolicy("test.ext.beside", Optional.empty());
        assertFalse(Files.exists(conf.resolve("extension-policies/test.ext.beside.xml")));
        assertTrue(call(second, "check", "socket", "127.0.0.1:7003", "connect").toString().startsWith("denied"), "removed when it returns");
        installer.replacePolicy("test.ext.beside", Optional.of(policy("<permission type='socket' name='127.0.0.1:7004' actions='connect'/>")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("allowed", call(first, "check", "socket", "127.0.0.1:7004", "connect"), "in force when it returns");
        assertThrows(XmlDocumentException.class, () -> installer.replacePolicy("test.ext.beside", Optional.of("<nope/>".getBytes(StandardCharsets.UTF_8))));
        assertEquals("allowed", call(first, "check", "socket", "127.0.0.1:7004", "connect"), "a bad document changes nothing");
        first.uninstall();
        second.uninstall();
        installer.replacePolicy("test.ext.beside", Optional.empty());
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
        Path notBundle = TestBundle.named("x").writeTo(temp.resolve("uploads/plain.jar"));
        Files.write(notBundle, new java.util.jar.Manifest().toString().getBytes(StandardCharsets.UTF_8));
        assertEquals("plain.jar: not a bundle: no Bundle-SymbolicName in its manifest",
                assertThrows(BundleException.class, () -> installer.install(notBundle, Optional.empty())).getMessage());
        Path fwext = TestBundle.named("test.ext.fwext2").header("Fragment-Host", "system.bundle; extension:=framework")
                .writeTo(temp.resolve("uploads/fwext2.jar"));
        assertEquals("fwext2.jar: framework-extension fragments are never installed as extensions",
                assertThrows(BundleException.class, () -> installer.install(fwext, Optional.empty())).getMessage());
        Path traversal = TestBundle.named("../../evil").writeTo(temp.resolve("uploads/evil.jar"));
        BundleException e = assertThrows(BundleException.class, () -> installer.install(traversal, Optional.empty()));
        assertEquals("evil.jar: symbolic name [../../evil] cannot name a policy file", e.getMessage());
        Path broken = probe("test.ext.brokenmanifest").header("Bundle-ManifestVersion", "99").writeTo(temp.resolve("uploads/broken.jar"));
        assertThrows(BundleException.class, () -> installer.install(broken,
                Optional.of(policy("<permission type='socket' name='127.0.0.1:7009' actions='connect'/>").getBytes(StandardCharsets.UTF_8))));
        assertFalse(Files.exists(conf.resolve("extension-policies/test.ext.brokenmanifest.xml")), "the policy of a failed install is gone");
        assertEquals(bundlesBefore, system.getBundles().length, "nothing installed");
    }

    @Test
    void previewShowsWhatAPolicyWouldDo() throws Exception {
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        var preview = service.preview(org.gatehouse.policy.engine.api.Codebase.of("test.ext.preview", "1.0.0", "gatehouse:extension:test.ext.preview"),
                "upload.xml", policy("<permission type='socket' name='127.0.0.1:8080' actions='connect'/>",
                        "<permission type='runtime' name='exitVM'/>").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, preview.merge().granted().size());
        assertEquals(List.of("ext:test.ext.preview/1.0.0 socket 127.0.0.1:8080 connect"), preview.added());
        assertEquals("intersects restriction [runtime exitVM] (system-policy.xml [15:47] /system-policy/restrictions/permission[1])",
                preview.merge().rejected().get(0).reason());
    }

    @Test
    void customPermissionTypesOfPlatformBundlesJoinTheRegistry() throws Exception {
        Bundle ext = installExtension(probe("test.ext.custom").entry(ExtensionPolicies.BUNDLE_ENTRY,
                policy("<permission type='credential-store' name='ldap.bind' actions='use'/>")), "custom.jar");
        assertTrue(((String) call(ext, "check", "credential-store", "ldap.bind", "use")).endsWith("rule [unknown permission type credential-store]"));
        String good = Files.readString(conf.resolve("system-policy.xml"));
        String widened = good.replace("</overridable>", "<permission type='credential-store' name='ldap.*' actions='use'/></overridable>");
        Files.writeString(conf.resolve("system-policy.xml"), widened);
        var registration = system.registerService(org.gatehouse.policy.engine.spi.PermissionType.class,
                new org.gatehouse.policy.engine.spi.NamedPermissionType("credential-store", java.util.Set.of("use")), null);
        try {
            confirm("system-policy.xml", widened);
            long deadline = System.currentTimeMillis() + 15_000;
            while (!"allowed".equals(call(ext, "check", "credential-store", "ldap.bind", "use")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("allowed", call(ext, "check", "credential-store", "ldap.bind", "use"));
            assertTrue(((String) call(ext, "check", "credential-store", "db.main", "use")).endsWith("rule [not granted]"));
        } finally {
            Files.writeString(conf.resolve("system-policy.xml"), good);
            confirm("system-policy.xml", good);
            registration.unregister();
            ext.uninstall();
        }
        PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
        service.refresh();
        assertTrue(control.engine().current().registry().find("credential-store").isEmpty(), "the type leaves with its service");
    }

    @Test
    void aBrokenSystemPolicyEditByHandChangesNothingAndItsPreviewSaysWhere() throws Exception {
        Path file = conf.resolve("system-policy.xml");
        String good = Files.readString(file);
        Bundle ext = installExtension(probe("test.ext.brokenedit").entry(ExtensionPolicies.BUNDLE_ENTRY,
                policy("<permission type='socket' name='127.0.0.1:7003' actions='connect'/>")), "brokenedit.jar");
        assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7003", "connect"));
        try {
            String broken = good.replace("<restrictions>", "<restrictions><oops/>");
            Files.writeString(file, broken);
            PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
            service.refresh();
            assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7003", "connect"), "the system policy in force stays");
            XmlDocumentException e = assertThrows(XmlDocumentException.class,
                    () -> service.previewPolicyFile("system-policy.xml", Optional.of(broken.getBytes(StandardCharsets.UTF_8))));
            assertTrue(e.getMessage().startsWith("system-policy.xml ["), e.getMessage());
            assertTrue(e.getMessage().matches("system-policy\\.xml \\[\\d+:\\d+\\] .*"), e.getMessage());
        } finally {
            Files.writeString(file, good);
            ext.uninstall();
        }
    }

    @Test
    void aPolicyFilePreviewNamesTheGrantsItAddsAndRevokes() throws Exception {
        Bundle ext = installExtension(probe("test.ext.filepreview").entry(ExtensionPolicies.BUNDLE_ENTRY,
                policy("<permission type='socket' name='127.0.0.1:7006' actions='connect'/>")), "filepreview.jar");
        try {
            PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
            var preview = service.previewPolicyFile("extension-policies/test.ext.filepreview.xml",
                    Optional.of(policy("<permission type='socket' name='127.0.0.1:7007' actions='connect'/>").getBytes(StandardCharsets.UTF_8)));
            assertEquals(List.of("ext:test.ext.filepreview/1.0.0 socket 127.0.0.1:7007 connect"), preview.granted());
            assertEquals(List.of("ext:test.ext.filepreview/1.0.0 socket 127.0.0.1:7006 connect"), preview.revoked());
            assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7006", "connect"), "a preview installs nothing");

            String system = Files.readString(conf.resolve("system-policy.xml"));
            var restricted = service.previewPolicyFile("system-policy.xml", Optional.of(system.replace("<restrictions>",
                    "<restrictions><permission type='socket' name='127.0.0.1:7006' actions='connect'/>").getBytes(StandardCharsets.UTF_8)));
            assertTrue(restricted.revoked().contains("ext:test.ext.filepreview/1.0.0 socket 127.0.0.1:7006 connect"), restricted.toString());
            assertEquals(List.of(), restricted.granted());
        } finally {
            ext.uninstall();
        }
    }

    @Test
    void aBrokenExtensionPolicyEditByHandChangesNothing() throws Exception {
        String name = "extension-policies/test.ext.brokenpolicy.xml";
        Path file = Files.createDirectories(conf.resolve("extension-policies")).resolve("test.ext.brokenpolicy.xml");
        String good = policy("<permission type='socket' name='127.0.0.1:7004' actions='connect'/>");
        Files.writeString(file, good);
        confirm(name, good);
        Bundle ext = installExtension(probe("test.ext.brokenpolicy"), "brokenpolicy.jar");
        try {
            assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7004", "connect"));
            String broken = "<extension-policy xmlns='urn:gatehouse:extension-policy:1'>\n"
                    + "  <permission type='socket' name='*' actions='connect'><oops/></permission>\n</extension-policy>\n";
            Files.writeString(file, broken);
            PolicyService service = system.getService(system.getServiceReference(PolicyService.class));
            service.refresh();

            assertEquals("allowed", call(ext, "check", "socket", "127.0.0.1:7004", "connect"), "the policy in force stays");
            assertTrue(call(ext, "check", "socket", "127.0.0.1:7005", "connect").toString().startsWith("denied"),
                    "the broken edit's wider grant is not in force");
            XmlDocumentException e = assertThrows(XmlDocumentException.class,
                    () -> service.previewPolicyFile(name, Optional.of(broken.getBytes(StandardCharsets.UTF_8))));
            assertTrue(e.getMessage().startsWith("extension-policies/test.ext.brokenpolicy.xml [2:"), e.getMessage());
            assertTrue(e.getMessage().contains("/extension-policy/permission[1]"), e.getMessage());
        } finally {
            Files.deleteIfExists(file);
            confirm(name, null);
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
