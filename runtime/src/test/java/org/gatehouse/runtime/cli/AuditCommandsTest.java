package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.gatehouse.audit.log.internal.store.RecordCodec;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse audit} against the real management server and its real audit log: the records
 * shown and as stored lines, a kept checkpoint that proves the log only grew (and one from a rewritten
 * history that does not), offline verification of the folder naming the first bad record, and the
 * exit codes.
 */
class AuditCommandsTest {
    @TempDir
    Path folder;
    private TestServer server;
    private Path auditFolder;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(folder.resolve("home"), Map.of());
        auditFolder = ((FileAuditLog) server.services.audit).folder();
        key = folder.resolve("auditors-copy.pub.pem");
        Files.copy(auditFolder.resolve("element-key.pub.pem"), key);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run cli(String token, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_URL", server.baseUrl());
        if (token != null) {
            env.put("GATEHOUSE_TOKEN", token);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatehouseCli.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void append(int n, String payload) {
        for (int i = 0; i < n; i++) {
            server.services.audit.append("command.status", "alice", "command " + i, payload + " " + i);
        }
    }

    @Test
    void showPrintsTheRecordsAndJsonPrintsTheStoredLines() throws Exception {
        append(3, "done\u001b[2J");
        Run table = cli(TestServer.AUDITOR, "audit", "show", "--limit", "1000");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().startsWith("SEQ  TIME"), table.out());
        assertTrue(table.out().contains("command.status  alice"), table.out());
        assertTrue(table.out().contains("done\\u001b[2J 2"), "control characters escaped for the terminal: " + table.out());
        assertFalse(table.out().contains("\u001b"), table.out());

        Run json = cli(TestServer.AUDITOR, "audit", "show", "--from", "1", "--limit", "2", "--json");
        assertEquals(0, json.exitCode(), json.err());
        List<String> stored = Files.readAllLines(auditFolder.resolve("records.jsonl"), StandardCharsets.UTF_8);
        assertEquals(stored.subList(1, 3), json.out().lines().toList(), "the lines exactly as the log stores them");

        Run paged = cli(TestServer.AUDITOR, "audit", "show", "--limit", "1");
        assertTrue(paged.out().contains("(more: gatehouse audit show --from 1)"), paged.out());
    }

    @Test
    void showIsRefusedToOperatorsAndChecksItsNumbers() {
        Run refused = cli(TestServer.OPERATOR, "audit", "show");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().startsWith("gatehouse: error (403 forbidden): user operator-user may not GET /api/v1/audit"), refused.err());
        Run usage = cli(TestServer.AUDITOR, "audit", "show", "--limit", "-3");
        assertEquals(2, usage.exitCode());
        assertEquals("gatehouse: --limit must be a whole number, not '-3' (see 'gatehouse audit --help')\n", usage.err());
        Run tooMany = cli(TestServer.AUDITOR, "audit", "show", "--limit", "5000");
        assertEquals(1, tooMany.exitCode());
        assertTrue(tooMany.err().contains("query parameter 'limit' is 5000; it must be from 1 to 1000"), tooMany.err());
        Run unknown = cli(TestServer.AUDITOR, "audit", "erase");
        assertEquals(2, unknown.exitCode());
    }

    @Test
    void aKeptCheckpointProvesTheLogOnlyGrew() throws Exception {
        append(5, "first");
        Path kept = folder.resolve("kept.json");
        Run head = cli(TestServer.AUDITOR, "audit", "head", "--key", key.toString(), "--save", kept.toString());
        assertEquals(0, head.exitCode(), head.err());
        assertTrue(head.out().contains("signature: verifies with " + key), head.out());
        long keptSize = Long.parseLong(JsonText.string(JsonText.object(JsonText.parse(Files.readString(kept))).get("treeSize")));

        append(40, "later");
        Run grew = cli(TestServer.SECURITY_OFFICER, "audit", "consistency", "--checkpoint", kept.toString(), "--key", key.toString(), "--update");
        assertEquals(0, grew.exitCode(), grew.err());
        assertTrue(grew.out().startsWith("ok: the log only grew, from " + keptSize + " records"), grew.out());
        long updated = Long.parseLong(JsonText.string(JsonText.object(JsonText.parse(Files.readString(kept))).get("treeSize")));
        assertTrue(updated >= keptSize + 40, "--update keeps the newest checkpoint: " + updated);

        // a line of the element's own checkpoints.jsonl is a checkpoint too
        Path line = folder.resolve("line.json");
        Files.writeString(line, Files.readAllLines(auditFolder.resolve("checkpoints.jsonl")).get(0));
        Run fromLine = cli(TestServer.AUDITOR, "audit", "consistency", "--checkpoint", line.toString(), "--key", key.toString());
        assertEquals(0, fromLine.exitCode(), fromLine.err());
    }

    @Test
    void aCheckpointOfAnotherHistoryOrAnotherKeyIsBad() throws Exception {
        append(10, "history");
        // what an auditor would hold had the element signed a tree it later rewrote: a genuine signature over another root
        Checkpoint rewritten = signWithElementKey(8, "ab".repeat(32));
        Path kept = folder.resolve("rewritten.json");
        Files.writeString(kept, "{\"treeSize\":8,\"rootHash\":\"" + rewritten.rootHash() + "\",\"time\":\"" + rewritten.time()
                + "\",\"keyId\":\"" + rewritten.keyId() + "\",\"signature\":\"" + rewritten.signature() + "\"}");
        Run bad = cli(TestServer.AUDITOR, "audit", "consistency", "--checkpoint", kept.toString(), "--key", key.toString());
        assertEquals(1, bad.exitCode(), bad.out());
        assertTrue(bad.err().contains("bad: the log of ") && bad.err().contains("does not extend the one of 8 records"), bad.err());

        Path otherKey = folder.resolve("other.pub.pem");
        try (FileAuditLog other = FileAuditLog.open(folder.resolve("other-log"), 10, java.time.Clock.systemUTC())) {
            Files.copy(other.folder().resolve("element-key.pub.pem"), otherKey);
        }
        Path genuine = folder.resolve("genuine.json");
        assertEquals(0, cli(TestServer.AUDITOR, "audit", "head", "--save", genuine.toString()).exitCode());
        Run wrongKey = cli(TestServer.AUDITOR, "audit", "consistency", "--checkpoint", genuine.toString(), "--key", otherKey.toString());
        assertEquals(1, wrongKey.exitCode());
        assertTrue(wrongKey.err().contains("does not verify with " + otherKey), wrongKey.err());

        Run missing = cli(TestServer.AUDITOR, "audit", "consistency", "--key", key.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("consistency needs --checkpoint FILE"), missing.err());
    }

    private Checkpoint signWithElementKey(long size, String root) throws Exception {
        String pem = Files.readString(auditFolder.resolve("element-key.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        Instant time = Instant.now();
        String keyId = Checkpoint.keyIdOf(server.services.audit.publicKey());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(RecordCodec.signedCheckpointBytes(size, root, time, keyId));
        return new Checkpoint(size, root, time, keyId, Base64.getEncoder().encodeToString(signer.sign()));
    }

    @Test
    void verifyChecksTheFolderOfflineAndNamesTheFirstBadRecord() throws Exception {
        append(12, "kept");
        server.services.audit.checkpoint();
        Run ok = cli(null, "audit", "verify", "--folder", auditFolder.toString(), "--key", key.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().startsWith("ok: "), ok.out());
        assertFalse(ok.out().contains("folder's own public key"), ok.out());
        Run ownKey = cli(null, "audit", "verify", "--folder", auditFolder.toString());
        assertTrue(ownKey.out().contains("checked with the folder's own public key"), ownKey.out());

        Path copy = copyOf(auditFolder, "changed");
        List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("records.jsonl")));
        lines.set(4, lines.get(4).replace("kept", "kEpt"));
        Files.write(copy.resolve("records.jsonl"), lines);
        Run changed = cli(null, "audit", "verify", "--folder", copy.toString(), "--key", key.toString());
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().startsWith("gatehouse: bad: record 4"), changed.err());

        Run noFolder = cli(null, "audit", "verify", "--folder", folder.resolve("nowhere").toString());
        assertEquals(2, noFolder.exitCode());
        Run noKey = cli(null, "audit", "verify", "--folder", auditFolder.toString(), "--key", folder.resolve("nokey.pem").toString());
        assertEquals(2, noKey.exitCode());
    }

    private Path copyOf(Path source, String name) throws IOException {
        Path target = Files.createDirectories(folder.resolve(name));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }
}
