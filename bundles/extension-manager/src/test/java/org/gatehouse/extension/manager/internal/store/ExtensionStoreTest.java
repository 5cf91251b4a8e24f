package org.gatehouse.extension.manager.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.qualification.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on disk without a framework: records round-trip, and recovery removes exactly what no record names. */
class ExtensionStoreTest {
    private static final String POLICY = "<extension-policy xmlns='urn:gatehouse:extension-policy:1'/>\n";

    @TempDir
    Path temp;
    ExtensionStore store;

    @BeforeEach
    void open() throws Exception {
        store = ExtensionStore.open(temp.resolve("extension-store"));
    }

    private StoredExtension keep(String name, String sha, ExtensionState state) throws Exception {
        Path staged = store.stage(new ByteArrayInputStream(("jar of " + name).getBytes(StandardCharsets.UTF_8)), 1000).orElseThrow();
        String jar = store.keepJar(name, staged, sha);
        String policy = store.keepPolicy(name, POLICY.getBytes(StandardCharsets.UTF_8));
        ExtensionRecord record = new ExtensionRecord(name, "1.2.3", sha, state, Instant.parse("2026-01-31T12:00:00Z"), "alice",
                "CONDITIONAL_ENABLE", List.of("rule [r] matched", "line\nbreak and unicode \u00e9"), Optional.of(POLICY),
                List.of("socket 127.0.0.1:6379 connect"), List.of("rejected [runtime exitVM] (x): intersects restriction"),
                List.of("pass", "deny"), Optional.empty());
        return new StoredExtension(record, jar, Optional.of(policy),
                List.of(Condition.dropPermission("socket", "*", "no network"), Condition.extraAudit("")));
    }

    @Test
    void aCommittedRecordReadsBackEqual() throws Exception {
        StoredExtension stored = keep("com.acme.a", "a".repeat(64), ExtensionState.DISABLED);
        store.commit(stored);
        assertEquals(Optional.of(stored), store.read("com.acme.a"));
        assertEquals(List.of(stored), store.recover().committed());
    }

    @Test
    void recoveryKeepsWhatRecordsNameAndRemovesTheRest() throws Exception {
        StoredExtension committed = keep("com.acme.kept", "b".repeat(64), ExtensionState.ENABLED);
        store.commit(committed);
        store.begin("com.acme.kept", "upgrade");
        keep("com.acme.kept", "c".repeat(64), ExtensionState.ENABLED); // an upgrade's jar, never committed
        store.begin("com.acme.new", "install");
        keep("com.acme.new", "d".repeat(64), ExtensionState.ENABLED); // an install, never committed
        Path extensions = store.root().resolve("extensions");
        Files.writeString(extensions.resolve("com.acme.kept/.record.properties123.tmp"), "torn");
        store.stage(new ByteArrayInputStream(new byte[10]), 100).orElseThrow();

        ExtensionStore.Recovery recovery = store.recover();

        assertEquals(List.of(committed), recovery.committed());
        assertEquals(List.of("com.acme.kept", "com.acme.new"), recovery.interrupted());
        assertEquals(List.of(), recovery.problems());
        assertEquals(List.of("com.acme.kept"), names(extensions));
        assertEquals(List.of("b".repeat(64) + ".jar", committed.policyFile().orElseThrow(), "record.properties"),
                names(extensions.resolve("com.acme.kept")));
        assertEquals(List.of(), names(store.root().resolve("staging")));

        store.end("com.acme.kept", Optional.of(committed));
        store.end("com.acme.new", Optional.empty());
        assertEquals(List.of(), names(store.root().resolve("journal")));
        assertEquals(List.of(), store.recover().interrupted());
    }

    @Test
    void aRecordThatDoesNotReadIsReportedAndLeftInPlace() throws Exception {
        StoredExtension stored = keep("com.acme.torn", "e".repeat(64), ExtensionState.ENABLED);
        store.commit(stored);
        Path record = store.root().resolve("extensions/com.acme.torn/record.properties");
        Files.writeString(record, Files.readString(record).replace("state=ENABLED", "state=SOMETIMES"));

        ExtensionStore.Recovery recovery = store.recover();

        assertEquals(List.of(), recovery.committed());
        assertEquals(1, recovery.problems().size());
        assertTrue(recovery.problems().get(0).endsWith("record.properties: key [state] is [SOMETIMES], not ENABLED or DISABLED"),
                recovery.problems().get(0));
        assertTrue(Files.exists(record), "an administrator can still repair it");
        assertTrue(Files.exists(store.jarOf(stored)));
    }

    @Test
    void removalCommitsByDeletingTheRecord() throws Exception {
        StoredExtension stored = keep("com.acme.gone", "f".repeat(64), ExtensionState.ENABLED);
        store.commit(stored);
        store.begin("com.acme.gone", "remove");
        store.forget("com.acme.gone");
        ExtensionStore.Recovery recovery = store.recover();
        assertEquals(List.of(), recovery.committed());
        assertEquals(List.of("com.acme.gone"), recovery.interrupted());
        assertFalse(Files.exists(store.root().resolve("extensions/com.acme.gone")));
    }

    @Test
    void stagingIsBoundedAndNamesAreChecked() throws Exception {
        assertEquals(Optional.empty(), store.stage(new ByteArrayInputStream(new byte[101]), 100));
        assertEquals(List.of(), names(store.root().resolve("staging")), "nothing left of an oversized upload");
        assertFalse(ExtensionStore.storable("../../etc"));
        assertFalse(ExtensionStore.storable("a..b"));
        assertTrue(ExtensionStore.storable("com.acme.limiter"));
        assertThrows(IllegalArgumentException.class, () -> store.begin("../x", "install"));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
