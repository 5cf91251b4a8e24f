package org.gatehouse.extension.manager.internal.lifecycle;

import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.passing;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.UploadPreview;
import org.gatehouse.extension.manager.api.Uploader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The lifecycle in a real Felix with the real control module: install, preview, upgrade,
 * disable/enable, policy replacement and removal, each checked in the framework, in the policy
 * snapshot in force and in the store on disk.
 */
class ExtensionManagerTest {
    private static final Uploader ALICE = new Uploader("alice", "limiter.jar");
    private static final String SOCKET = "<permission type='socket' name='127.0.0.1:6379' actions='connect'/>";
    private static final String EXIT = "<permission type='runtime' name='exitVM'/>";

    @TempDir
    Path temp;
    ManagerFramework element;

    @BeforeEach
    void start() throws Exception {
        element = ManagerFramework.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        element.close();
    }

    private Path jar(String name, String version) throws Exception {
        return passing(name, version).writeTo(temp.resolve("uploads").resolve(name + "-" + version + ".jar"));
    }

    @Test
    void installQualifiesStoresInstallsAndStarts() throws Exception {
        ExtensionRecord record = element.manager.install(jar("com.acme.limiter", "1.0.0"), Optional.of(policy(SOCKET, EXIT)), ALICE);

        assertEquals(ExtensionState.ENABLED, record.state());
        assertEquals("1.0.0", record.version());
        assertEquals("alice", record.installedBy());
        assertEquals("ENABLE", record.verdict());
        assertEquals(List.of("pass"), record.bladelets());
        assertEquals(List.of("socket 127.0.0.1:6379 connect"), record.grantedPermissions());
        assertEquals(1, record.rejectedPermissions().size());
        assertTrue(record.rejectedPermissions().get(0).startsWith("rejected [runtime exitVM]"), record.rejectedPermissions().toString());
        assertTrue(record.qualificationReasons().contains("rule: [test-admits-unsigned] answered ENABLE"),
                "the test element's own rule admitted it, and says so: " + record.qualificationReasons());
        Bundle bundle = element.only("com.acme.limiter");
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals("gatehouse:extension:com.acme.limiter", bundle.getLocation());
        Path folder = element.store().resolve("extensions/com.acme.limiter");
        assertEquals(List.of(record.sha256() + ".jar",
                "policy-" + org.gatehouse.extension.manager.internal.store.ExtensionStore.sha256(policy(SOCKET, EXIT)) + ".xml",
                "record.properties"), names(folder));
        assertTrue(Files.exists(element.uploadedPolicy("com.acme.limiter")), "the control module has the policy");
        assertEquals(List.of(), names(element.store().resolve("journal")));
        assertEquals(List.of(), names(element.store().resolve("staging")));
        assertEquals(List.of(record), element.manager.list());

        ExtensionOperationException twice = assertThrows(ExtensionOperationException.class,
                () -> element.manager.install(jar("com.acme.limiter", "1.0.1"), Optional.empty(), ALICE));
        assertEquals(Kind.CONFLICT, twice.kind());
        assertEquals("com.acme.limiter is installed already, at version 1.0.0; upgrade it instead", twice.getMessage());
    }

    @Test
    void previewInstallsAndStoresNothing() throws Exception {
        UploadPreview preview = element.manager.preview(jar("com.acme.preview", "1.0.0"), Optional.of(policy(SOCKET, EXIT)), ALICE);

        assertEquals("com.acme.preview", preview.symbolicName());
        assertEquals("ENABLE", preview.verdict());
        assertEquals(List.of("socket 127.0.0.1:6379 connect"), preview.grantedPermissions());
        assertTrue(preview.rejectedPermissions().get(0).contains("runtime exitVM"), preview.rejectedPermissions().toString());
        assertFalse(preview.upgrade());
        assertEquals(List.of(), element.bundles("com.acme.preview"));
        assertEquals(List.of(), names(element.store().resolve("extensions")));
        assertEquals(List.of(), names(element.store().resolve("staging")));
        assertFalse(Files.exists(element.uploadedPolicy("com.acme.preview")));
    }

    @Test
    void upgradeStartsTheNewVersionBeforeTheOldOneStops() throws Exception {
        ExtensionRecord first = element.manager.install(jar("com.acme.up", "1.0.0"), Optional.of(policy(SOCKET)), ALICE);
        List<String> events = new ArrayList<>();
        element.system.addBundleListener((SynchronousBundleListener) e -> {
            if ("com.acme.up".equals(e.getBundle().getSymbolicName())
                    && (e.getType() == BundleEvent.STARTED || e.getType() == BundleEvent.STOPPING || e.getType() == BundleEvent.UNINSTALLED)) {
                events.add(e.getBundle().getVersion() + " " + (e.getType() == BundleEvent.STARTED ? "started"
                        : e.getType() == BundleEvent.STOPPING ? "stopping" : "uninstalled"));
            }
        });
        assertTrue(element.manager.preview(jar("com.acme.up", "2.0.0"), Optional.empty(), ALICE).upgrade());

        ExtensionRecord second = element.manager.upgrade("com.acme.up", jar("com.acme.up", "2.0.0"), Optional.empty(), ALICE);

        assertEquals(List.of("2.0.0 started", "1.0.0 stopping", "1.0.0 uninstalled"), events);
        assertEquals("2.0.0", second.version());
        assertEquals(ExtensionState.ENABLED, second.state());
        assertEquals(first.policy(), second.policy(), "no policy uploaded: the current one is kept");
        assertEquals(List.of("socket 127.0.0.1:6379 connect"), second.grantedPermissions());
        Bundle bundle = element.only("com.acme.up");
        assertEquals("2.0.0", bundle.getVersion().toString());
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertFalse(names(element.store().resolve("extensions/com.acme.up")).contains(first.sha256() + ".jar"), "the old jar is gone");
        assertTrue(names(element.store().resolve("extensions/com.acme.up")).contains(second.sha256() + ".jar"));

        ExtensionOperationException same = assertThrows(ExtensionOperationException.class,
                () -> element.manager.upgrade("com.acme.up", jar("com.acme.up", "2.0.0"), Optional.empty(), ALICE));
        assertEquals(Kind.CONFLICT, same.kind());
        assertEquals("com.acme.up is at version 2.0.0 already", same.getMessage());
        ExtensionOperationException other = assertThrows(ExtensionOperationException.class,
                () -> element.manager.upgrade("com.acme.up", jar("com.acme.other", "3.0.0"), Optional.empty(), ALICE));
        assertEquals(Kind.INVALID, other.kind());
        ExtensionOperationException missing = assertThrows(ExtensionOperationException.class,
                () -> element.manager.upgrade("com.acme.nothing", jar("com.acme.nothing", "3.0.0"), Optional.empty(), ALICE));
        assertEquals(Kind.NOT_FOUND, missing.kind());
        assertEquals("2.0.0", element.only("com.acme.up").getVersion().toString(), "refused upgrades change nothing");
        assertEquals(List.of(), element.bundles("com.acme.other"));

        ExtensionRecord third = element.manager.upgrade("com.acme.up", jar("com.acme.up", "3.0.0"), Optional.of(policy()), ALICE);
        assertEquals(List.of(), third.grantedPermissions(), "an uploaded policy replaces the current one");
        assertEquals("3.0.0", element.only("com.acme.up").getVersion().toString());
    }

    @Test
    void upgradeOfADisabledExtensionInstallsTheNewVersionWithoutStartingIt() throws Exception {
        element.manager.install(jar("com.acme.idle", "1.0.0"), Optional.empty(), ALICE);
        element.manager.disable("com.acme.idle");

        ExtensionRecord upgraded = element.manager.upgrade("com.acme.idle", jar("com.acme.idle", "2.0.0"), Optional.empty(), ALICE);

        assertEquals(ExtensionState.DISABLED, upgraded.state());
        Bundle bundle = element.only("com.acme.idle");
        assertEquals("2.0.0", bundle.getVersion().toString());
        assertEquals(Bundle.RESOLVED, bundle.getState(), "checked (resolved) but not started");
        assertEquals(ExtensionState.ENABLED, element.manager.enable("com.acme.idle").state());
        assertEquals(Bundle.ACTIVE, bundle.getState());
        ExtensionOperationException missing = assertThrows(ExtensionOperationException.class,
                () -> element.manager.upgrade("com.acme.idle", temp.resolve("nowhere.jar"), Optional.empty(), ALICE));
        assertEquals(Kind.INVALID, missing.kind());
        assertTrue(missing.getMessage().startsWith("limiter.jar: not a file: "), missing.getMessage());
    }

    @Test
    void disableStopsEnableStartsAndBothArePersisted() throws Exception {
        element.manager.install(jar("com.acme.toggle", "1.0.0"), Optional.empty(), ALICE);

        assertEquals(ExtensionState.DISABLED, element.manager.disable("com.acme.toggle").state());
        assertEquals(Bundle.RESOLVED, element.only("com.acme.toggle").getState());
        assertTrue(Files.readString(element.store().resolve("extensions/com.acme.toggle/record.properties")).contains("state=DISABLED"));
        assertEquals(ExtensionState.DISABLED, element.manager.disable("com.acme.toggle").state(), "disabling twice changes nothing");

        assertEquals(ExtensionState.ENABLED, element.manager.enable("com.acme.toggle").state());
        assertEquals(Bundle.ACTIVE, element.only("com.acme.toggle").getState());
        assertTrue(Files.readString(element.store().resolve("extensions/com.acme.toggle/record.properties")).contains("state=ENABLED"));
        assertEquals(Kind.NOT_FOUND, assertThrows(ExtensionOperationException.class, () -> element.manager.enable("com.acme.none")).kind());
    }

    @Test
    void replacePolicyIsInForceWhenItReturns() throws Exception {
        element.manager.install(jar("com.acme.policy", "1.0.0"), Optional.empty(), ALICE);
        Bundle bundle = element.only("com.acme.policy");
        String id = "ext:com.acme.policy/1.0.0";

        ExtensionRecord record = element.manager.replacePolicy("com.acme.policy", policy(SOCKET), ALICE);

        assertEquals(List.of("socket 127.0.0.1:6379 connect"), record.grantedPermissions());
        var policies = element.system.getService(element.system.getServiceReference(org.gatehouse.policy.engine.api.PolicyService.class));
        assertEquals(id, policies.extensionOf(bundle).orElseThrow().id());
        assertEquals(List.of("socket 127.0.0.1:6379 connect"), policies.mergedPolicyOf(id).orElseThrow().granted().stream()
                .map(org.gatehouse.policy.engine.api.MergedPolicy.Grant::permission).toList(), "granted in the snapshot in force");
        ExtensionOperationException bad = assertThrows(ExtensionOperationException.class,
                () -> element.manager.replacePolicy("com.acme.policy", "<extension-policy xmlns='urn:gatehouse:extension-policy:1'><nope/></extension-policy>"
                        .getBytes(StandardCharsets.UTF_8), ALICE));
        assertEquals(Kind.INVALID, bad.kind());
        assertTrue(bad.getMessage().startsWith("uploaded policy of com.acme.policy [1:"), bad.getMessage());
        assertEquals(record, element.manager.get("com.acme.policy").orElseThrow(), "a bad document changes nothing");
    }

    @Test
    void removeForgetsTheExtensionAndKeepsItsDataFolder() throws Exception {
        element.manager.install(jar("com.acme.gone", "1.0.0"), Optional.of(policy(SOCKET)), ALICE);
        Path dataFolder = element.data.resolve("extensions/com.acme.gone");
        Files.writeString(Files.createDirectories(dataFolder).resolve("state.txt"), "kept");

        element.manager.remove("com.acme.gone");

        assertEquals(List.of(), element.bundles("com.acme.gone"));
        assertEquals(Optional.empty(), element.manager.get("com.acme.gone"));
        assertFalse(Files.exists(element.store().resolve("extensions/com.acme.gone")));
        assertFalse(Files.exists(element.uploadedPolicy("com.acme.gone")));
        assertEquals("kept", Files.readString(dataFolder.resolve("state.txt")));
        assertEquals(Kind.NOT_FOUND, assertThrows(ExtensionOperationException.class, () -> element.manager.remove("com.acme.gone")).kind());
    }

    @Test
    void restartRestoresEveryExtensionInItsStoredState() throws Exception {
        element.manager.install(jar("com.acme.on", "1.0.0"), Optional.empty(), ALICE);
        element.manager.upgrade("com.acme.on", jar("com.acme.on", "1.1.0"), Optional.empty(), ALICE);
        element.manager.install(jar("com.acme.off", "1.0.0"), Optional.empty(), ALICE);
        element.manager.disable("com.acme.off");
        element.manager.replacePolicy("com.acme.on", policy(SOCKET), ALICE);
        List<ExtensionRecord> before = element.manager.list();

        element.restart();

        assertEquals(before, element.manager.list());
        Bundle on = element.only("com.acme.on");
        assertEquals("1.1.0", on.getVersion().toString());
        assertEquals(Bundle.ACTIVE, on.getState());
        assertTrue(on.getLocation().startsWith("gatehouse:extension:"));
        assertTrue(element.only("com.acme.off").getState() != Bundle.ACTIVE, "disabled stays installed only");
        assertEquals(ExtensionState.ENABLED, element.manager.enable("com.acme.off").state(), "and can be enabled after the restart");
    }

    @Test
    void aStoredExtensionTheFrameworkRefusesAtStartIsListedFailedAndCanBeUpgraded() throws Exception {
        ExtensionRecord record = element.manager.install(jar("com.acme.broken", "1.0.0"), Optional.empty(), ALICE);
        element.close();
        Files.writeString(element.store().resolve("extensions/com.acme.broken/" + record.sha256() + ".jar"), "damaged on disk");
        element = ManagerFramework.start(temp);

        ExtensionRecord failed = element.manager.get("com.acme.broken").orElseThrow();
        assertEquals(ExtensionState.FAILED, failed.state());
        assertTrue(failed.failure().orElseThrow().startsWith("com.acme.broken 1.0.0: "), failed.failure().toString());
        assertEquals(List.of(), element.bundles("com.acme.broken"));
        ExtensionOperationException enable = assertThrows(ExtensionOperationException.class, () -> element.manager.enable("com.acme.broken"));
        assertEquals(Kind.CONFLICT, enable.kind());
        assertTrue(enable.getMessage().endsWith("; upgrade or remove it"), enable.getMessage());

        ExtensionRecord repaired = element.manager.upgrade("com.acme.broken", jar("com.acme.broken", "1.0.1"), Optional.empty(), ALICE);
        assertEquals(ExtensionState.ENABLED, repaired.state());
        assertEquals(ExtensionState.ENABLED, element.manager.get("com.acme.broken").orElseThrow().state());
        assertEquals(Bundle.ACTIVE, element.only("com.acme.broken").getState());
    }

    @Test
    void anExtensionTheFlowEngineQuarantinedIsListedQuarantined() throws Exception {
        element.manager.install(jar("com.acme.flaky", "1.0.0"), Optional.empty(), ALICE);
        element.manager.install(jar("com.acme.steady", "1.0.0"), Optional.empty(), ALICE);
        List<org.gatehouse.flow.engine.api.ExtensionHealth> health = List.of(
                new org.gatehouse.flow.engine.api.ExtensionHealth("com.acme.flaky", "1.0.0", 0, 10, 7, 0, true,
                        Optional.of(java.time.Instant.now()), Optional.of("boom")),
                new org.gatehouse.flow.engine.api.ExtensionHealth("com.acme.steady", "1.0.0", 0, 10, 0, 0, false,
                        Optional.empty(), Optional.empty()));
        var registration = element.system.registerService(org.gatehouse.flow.engine.api.FlowService.class, new ReportingFlowService(health), null);

        assertEquals(ExtensionState.QUARANTINED, element.manager.get("com.acme.flaky").orElseThrow().state());
        assertEquals(ExtensionState.ENABLED, element.manager.get("com.acme.steady").orElseThrow().state());
        assertTrue(Files.readString(element.store().resolve("extensions/com.acme.flaky/record.properties")).contains("state=ENABLED"),
                "quarantine is the flow engine's; the stored state stays enabled");
        registration.unregister();
        assertEquals(ExtensionState.ENABLED, element.manager.get("com.acme.flaky").orElseThrow().state());
    }

    /** A flow engine's management view that only reports extension health, as the real one does after failures. */
    private record ReportingFlowService(List<org.gatehouse.flow.engine.api.ExtensionHealth> extensions) implements org.gatehouse.flow.engine.api.FlowService {
        @Override
        public org.gatehouse.flow.engine.api.FlowsView current() {
            throw new UnsupportedOperationException("not part of this test");
        }

        @Override
        public String withheldDocument() {
            throw new UnsupportedOperationException("not part of this test");
        }

        @Override
        public org.gatehouse.flow.engine.api.FlowValidation validate(String source, byte[] document) {
            throw new UnsupportedOperationException("not part of this test");
        }

        @Override
        public org.gatehouse.flow.engine.api.FlowsView preview(String source, byte[] document) {
            throw new UnsupportedOperationException("not part of this test");
        }

        @Override
        public List<org.gatehouse.flow.engine.api.FlowDifference> differences(String source, byte[] document) {
            throw new UnsupportedOperationException("not part of this test");
        }

        @Override
        public org.gatehouse.flow.engine.api.FlowsView replace(String source, byte[] document) {
            throw new UnsupportedOperationException("not part of this test");
        }

        @Override
        public List<org.gatehouse.flow.engine.api.BladeletInfo> bladelets() {
            return List.of();
        }

        @Override
        public boolean release(String symbolicName) {
            return false;
        }
    }

    static List<String> names(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
