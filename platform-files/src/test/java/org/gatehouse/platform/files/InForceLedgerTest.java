package org.gatehouse.platform.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InForceLedgerTest {
    @TempDir
    Path home;
    Path conf;
    Path data;
    InForceLedger ledger;

    @BeforeEach
    void folders() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        data = Files.createDirectories(home.resolve("data"));
        ledger = InForceLedger.open(conf, data);
    }

    @Test
    void theFileAsInstalledIsInForceAtTheFirstStartAndAnEditByHandIsNot() throws IOException {
        Files.writeString(conf.resolve("system-policy.xml"), "installed");

        assertEquals("installed", text(ledger.inForce("system-policy.xml")));
        ledger.adopt("system-policy.xml", ledger.inForce("system-policy.xml"));
        Files.writeString(conf.resolve("system-policy.xml"), "edited by hand");
        ledger.adopt("system-policy.xml", ledger.onDisk("system-policy.xml"));

        assertEquals("installed", text(InForceLedger.open(conf, data).inForce("system-policy.xml")), "a restart is no side door");
        assertFalse(ledger.accepts("system-policy.xml", ledger.onDisk("system-policy.xml")));
        assertTrue(ledger.accepts("system-policy.xml", Optional.of(bytes("installed"))));
    }

    @Test
    void aLookNeverFallsBetweenTheStepsOfTheElementsOwnWrite() throws Exception {
        Files.writeString(conf.resolve("flows.xml"), "a");
        ledger.adopt("flows.xml", ledger.inForce("flows.xml"));
        // the race a separate read and comparison have: the file read, then the element's own write, then the comparison
        Optional<byte[]> readBefore = ledger.onDisk("flows.xml");
        ledger.write("flows.xml", Optional.of(bytes("b")));
        assertFalse(ledger.accepts("flows.xml", readBefore), "the old content now passes for a hand edit");
        assertTrue(ledger.look("flows.xml").inForce(), "a look reads and compares at one moment");

        // and under load: the element's own writes on one thread, looks on another; nobody edits by hand, so no look sees an edit
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    ledger.write("flows.xml", Optional.of(bytes("content " + i)));
                }
            } catch (IOException e) {
                failed.set(e);
            }
        });
        writer.start();
        int looks = 0;
        while (writer.isAlive()) {
            InForceLedger.Look look = InForceLedger.open(conf, data).look("flows.xml");
            assertTrue(look.inForce(), "a hand edit seen where there is none: " + text(look.onDisk()));
            looks++;
        }
        writer.join();
        assertEquals(null, failed.get());
        assertTrue(looks > 0);
        assertTrue(ledger.look("flows.xml").inForce());
        Files.writeString(conf.resolve("flows.xml"), "edited by hand");
        InForceLedger.Look edited = ledger.look("flows.xml");
        assertFalse(edited.inForce(), "a real edit is seen");
        assertEquals("edited by hand", text(edited.onDisk()));
    }

    @Test
    void theFoldersOfTheRecordsAreMadeClosedToGroupAndOthers() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "installed");
        Files.createDirectories(conf.resolve("extension-policies"));
        ledger.adopt("flows.xml", ledger.inForce("flows.xml"));
        ledger.adoptFolder("extension-policies");
        for (Path folder : List.of(data.resolve("commands"), data.resolve("commands/in-force"),
                data.resolve("commands/in-force/extension-policies"))) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)),
                    folder.toString());
        }
    }

    @Test
    void aFileThatDidNotReadAtTheFirstStartCanBeMendedBeforeTheElementFirstStarts() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "broken");
        ledger.inForce("flows.xml"); // the owner refuses it and does not adopt it

        Files.writeString(conf.resolve("flows.xml"), "mended");

        assertEquals("mended", text(ledger.inForce("flows.xml")));
    }

    @Test
    void aConfirmedEditIsInForceAndTheFileIsLeftAsItIs() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "installed");
        adopt("flows.xml");
        Files.writeString(conf.resolve("flows.xml"), "edited");

        ledger.commit("flows.xml", Optional.of(bytes("edited")));

        assertEquals("edited", text(ledger.inForce("flows.xml")));
        assertTrue(ledger.accepts("flows.xml", ledger.onDisk("flows.xml")));
    }

    @Test
    void theElementsOwnWriteIsTheFileAndTheContentInForce() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "installed");

        ledger.write("flows.xml", Optional.of(bytes("replaced")));

        assertEquals("replaced", Files.readString(conf.resolve("flows.xml")));
        assertEquals("replaced", text(ledger.inForce("flows.xml")));
        assertFalse(Files.exists(records().resolve("flows.xml" + InForceLedger.PENDING)));
    }

    @Test
    void writingTheContentInForceLeavesAHandEditOnDisk() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "installed");
        adopt("flows.xml");
        Files.writeString(conf.resolve("flows.xml"), "edited");

        ledger.write("flows.xml", Optional.of(bytes("installed")));

        assertEquals("edited", Files.readString(conf.resolve("flows.xml")), "the edit waits for its confirmation");
        assertEquals("installed", text(ledger.inForce("flows.xml")));
    }

    @Test
    void aCrashAfterTheFileWasWrittenLeavesTheConfirmedContentInForce() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "installed");
        adopt("flows.xml");
        // the write's first two steps, then the element stops
        writeRecord("flows.xml" + InForceLedger.PENDING, "replaced");
        Files.writeString(conf.resolve("flows.xml"), "replaced");

        InForceLedger restarted = InForceLedger.open(conf, data);

        assertEquals("replaced", text(restarted.inForce("flows.xml")));
        assertTrue(restarted.accepts("flows.xml", restarted.onDisk("flows.xml")), "the element's own write is no hand edit");
        assertFalse(Files.exists(records().resolve("flows.xml" + InForceLedger.PENDING)));
    }

    @Test
    void aCrashBeforeTheFileWasWrittenLeavesTheOldContentInForce() throws IOException {
        Files.writeString(conf.resolve("flows.xml"), "installed");
        adopt("flows.xml");
        writeRecord("flows.xml" + InForceLedger.PENDING, "replaced");

        InForceLedger restarted = InForceLedger.open(conf, data);

        assertEquals("installed", text(restarted.inForce("flows.xml")));
        assertFalse(Files.exists(records().resolve("flows.xml" + InForceLedger.PENDING)));
        // the intent is gone: the same content edited by hand later is a hand edit
        Files.writeString(conf.resolve("flows.xml"), "replaced");
        assertFalse(restarted.accepts("flows.xml", restarted.onDisk("flows.xml")));
    }

    @Test
    void aCrashWhileAFileOfAFolderIsAddedOrRemovedLeavesTheOldOrTheNewNeverAMix() throws IOException {
        Files.createDirectories(conf.resolve("trusted-publishers"));
        Files.writeString(conf.resolve("trusted-publishers/old.pem"), "old publisher");
        adopt("trusted-publishers/old.pem");
        ledger.adoptFolder("trusted-publishers");
        // added: the intent only, then the element stops; the file never came
        writeRecord("trusted-publishers/new.pem" + InForceLedger.PENDING, "new publisher");
        InForceLedger restarted = InForceLedger.open(conf, data);
        assertEquals(List.of("trusted-publishers/old.pem"), restarted.inForceIn("trusted-publishers"), "the old set");
        // added: intent and file, then the element stops before the record
        writeRecord("trusted-publishers/new.pem" + InForceLedger.PENDING, "new publisher");
        Files.writeString(conf.resolve("trusted-publishers/new.pem"), "new publisher");
        restarted = InForceLedger.open(conf, data);
        assertEquals(List.of("trusted-publishers/new.pem", "trusted-publishers/old.pem"), restarted.inForceIn("trusted-publishers"),
                "the new set");
        // removed: intent (no file) and the file deleted, then the element stops before the record
        Files.write(records().resolve("trusted-publishers/old.pem" + InForceLedger.PENDING),
                "gatehouse-in-force 1 absent\n".getBytes(StandardCharsets.UTF_8));
        Files.delete(conf.resolve("trusted-publishers/old.pem"));
        restarted = InForceLedger.open(conf, data);
        assertEquals(List.of("trusted-publishers/new.pem"), restarted.inForceIn("trusted-publishers"), "the publisher is gone, whole");
        assertTrue(restarted.look("trusted-publishers/old.pem").inForce(), "and its absence is no hand edit");
    }

    @Test
    void aRecordEditedUnderTheDataFolderIsRefused() throws IOException {
        Files.writeString(conf.resolve("system-policy.xml"), "installed");
        adopt("system-policy.xml");
        Path record = records().resolve("system-policy.xml" + InForceLedger.RECORD);
        String stored = Files.readString(record);
        Files.writeString(record, stored.replace("installed", "grants all"));

        IOException e = assertThrows(IOException.class, () -> ledger.inForce("system-policy.xml"));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }

    @Test
    void aFolderIsRecordedWholeAtTheFirstLookAndAFileAddedLaterIsNotInForce() throws IOException {
        Path policies = Files.createDirectories(conf.resolve("extension-policies"));
        Files.writeString(policies.resolve("a.xml"), "a");

        assertEquals(List.of("extension-policies/a.xml"), ledger.inForceIn("extension-policies"));
        adopt("extension-policies/a.xml");
        ledger.adoptFolder("extension-policies");
        Files.writeString(policies.resolve("b.xml"), "b");
        Files.delete(policies.resolve("a.xml"));

        assertEquals(List.of("extension-policies/a.xml"), ledger.inForceIn("extension-policies"));
        assertEquals(Optional.empty(), ledger.inForce("extension-policies/b.xml"));
        assertFalse(ledger.accepts("extension-policies/b.xml", ledger.onDisk("extension-policies/b.xml")));
        assertFalse(ledger.accepts("extension-policies/a.xml", Optional.empty()), "a removal is a change too");
        assertEquals(List.of("extension-policies/b.xml"), ledger.onDiskIn("extension-policies"));

        ledger.commit("extension-policies/a.xml", Optional.empty());
        assertEquals(List.of(), ledger.inForceIn("extension-policies"));
    }

    @Test
    void aFileMissingAtTheFirstStartIsInForceAsAbsent() throws IOException {
        assertEquals(Optional.empty(), ledger.inForce("system-policy.xml"));
        adopt("system-policy.xml");
        Files.writeString(conf.resolve("system-policy.xml"), "created by hand");

        assertEquals(Optional.empty(), ledger.inForce("system-policy.xml"));
        assertFalse(ledger.accepts("system-policy.xml", ledger.onDisk("system-policy.xml")));
    }

    @Test
    void aFileReplacedByASymbolicLinkOrARenameIsSeenByItsContent() throws IOException {
        Files.writeString(conf.resolve("system-policy.xml"), "installed");
        adopt("system-policy.xml");
        Path elsewhere = Files.writeString(home.resolve("grants-all.xml"), "grants all");

        Files.delete(conf.resolve("system-policy.xml"));
        Files.createSymbolicLink(conf.resolve("system-policy.xml"), elsewhere);
        assertFalse(ledger.accepts("system-policy.xml", ledger.onDisk("system-policy.xml")), "a link to other content is an edit");
        Files.delete(conf.resolve("system-policy.xml"));
        Files.move(Files.writeString(home.resolve("staged.xml"), "renamed over"), conf.resolve("system-policy.xml"));
        assertFalse(ledger.accepts("system-policy.xml", ledger.onDisk("system-policy.xml")), "a rename over the file is an edit");

        assertEquals("installed", text(ledger.inForce("system-policy.xml")), "either way the content in force stays");
    }

    @Test
    void aNameLeavingTheConfFolderIsRefused() {
        for (String bad : List.of("../data/x.xml", "extension-policies/../../x", "a/b/c.xml", "/etc/passwd", "", ".hidden")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ledger.fileOf(bad), bad);
            assertTrue(e.getMessage().contains("[" + bad + "]"), e.getMessage());
        }
        assertEquals(conf.resolve("extension-policies/com.acme.x.xml"), ledger.fileOf("extension-policies/com.acme.x.xml"));
    }

    private void adopt(String name) throws IOException {
        ledger.adopt(name, ledger.inForce(name));
    }

    private Path records() {
        return data.resolve("commands").resolve(InForceLedger.FOLDER);
    }

    private void writeRecord(String file, String content) throws IOException {
        byte[] body = bytes(content);
        Files.createDirectories(records());
        Files.write(records().resolve(file), ("gatehouse-in-force 1 present sha256=" + InForceLedger.sha256(body) + "\n" + content)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<byte[]> content) {
        return new String(content.orElseThrow(), StandardCharsets.UTF_8);
    }
}
