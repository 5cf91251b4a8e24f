package org.gatehouse.extension.qualification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature database persists every change, reads back what it wrote, rejects a corrupt
 * file with its position, and survives {@code kill -9} of a process in the middle of writing it:
 * the file on disk is always a whole document.
 */
class SignatureDatabaseTest {
    private static final Instant ADDED = Instant.parse("2026-02-01T09:30:00Z");

    @TempDir
    Path dir;

    static String hash(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) (n >> 24);
        bytes[1] = (byte) (n >> 16);
        bytes[2] = (byte) (n >> 8);
        bytes[3] = (byte) n;
        return HexFormat.of().formatHex(bytes);
    }

    static SignatureEntry entry(int n, String... groups) {
        return new SignatureEntry(hash(n), List.of(groups), "bundle number " + n + " <&>", "admin", ADDED);
    }

    @Test
    void changesArePersistedAndReadBack() throws Exception {
        Path file = dir.resolve("data/signature-database.xml");
        SignatureDatabase db = SignatureDatabase.open(file);
        assertTrue(db.entries().isEmpty());
        assertFalse(Files.exists(file), "nothing is written before the first change");

        db.put(entry(1, "vendor-approved"));
        db.put(entry(2, "lab", "reviewed-2026"));
        db.put(entry(1, "revoked"));
        assertTrue(db.remove(hash(2).toUpperCase()));
        assertFalse(db.remove(hash(3)));

        SignatureDatabase reopened = SignatureDatabase.open(file);
        assertEquals(List.of(entry(1, "revoked")), reopened.entries());
        assertEquals(Optional.of(entry(1, "revoked")), reopened.lookup(hash(1).toUpperCase()));
        assertEquals(Optional.empty(), reopened.lookup(hash(2)));
        assertEquals(Optional.of(file), reopened.file());
    }

    @Test
    void writtenDocumentIsValidAgainstTheSchema() throws Exception {
        Path file = dir.resolve("signature-database.xml");
        SignatureDatabase db = SignatureDatabase.open(file);
        db.put(entry(7, "a", "b"));
        String xml = Files.readString(file);
        assertTrue(xml.contains("<signature-database xmlns=\"urn:gatehouse:signature-database:1\">"), xml);
        assertTrue(xml.contains("<description>bundle number 7 &lt;&amp;&gt;</description>"), xml);
        assertEquals(List.of(entry(7, "a", "b")), SignatureDatabase.open(file).entries());
    }

    @Test
    void corruptFileIsRejectedWithItsPosition() throws Exception {
        assertEquals("signature-database.xml [2:72] /signature-database/entry[1]: Value 'ABC' is not facet-valid with respect to "
                + "pattern '[0-9a-f]{64}' for type 'Sha256'.",
                openingFails("sha256=\"ABC\" added-by=\"admin\" added-at=\"2026-01-01T00:00:00Z\""));
    }

    @Test
    void localTimeWithoutZoneIsRejected() throws Exception {
        assertEquals("signature-database.xml [2:132] /signature-database/entry[1]: added-at [2026-01-01T00:00:00] is not an instant in UTC "
                + "such as 2026-01-31T12:00:00Z",
                openingFails("sha256=\"" + hash(1) + "\" added-by=\"admin\" added-at=\"2026-01-01T00:00:00\""));
    }

    /** The error opening a database whose one entry has these attributes (the entry starts at line 2, column 3). */
    private String openingFails(String entryAttributes) throws IOException {
        Path file = Files.writeString(dir.resolve("signature-database.xml"), """
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry %s><reference-group>x</reference-group></entry>
                </signature-database>
                """.formatted(entryAttributes));
        return assertThrows(XmlDocumentException.class, () -> SignatureDatabase.open(file)).getMessage();
    }

    @Test
    void failedWriteLeavesTheDatabaseAsItWas() throws Exception {
        Path file = dir.resolve("signature-database.xml");
        SignatureDatabase db = SignatureDatabase.open(file);
        db.put(entry(1, "kept"));
        // a non-empty folder where the file should go cannot be replaced by a move
        Files.delete(file);
        Files.createDirectories(file.resolve("blocker"));
        assertThrows(IOException.class, () -> db.put(entry(2, "lost")));
        assertEquals(List.of(entry(1, "kept")), db.entries());
        try (var leftovers = Files.list(dir)) {
            assertEquals(List.of(file), leftovers.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void killDashNineWhileWritingLeavesAWholeDocument() throws Exception {
        Path file = dir.resolve("signature-database.xml");
        for (int round = 0; round < 3; round++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SignatureDatabaseWriter.class.getName(), file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("writer.log").toFile()).start();
            try {
                awaitEntries(file, 20 + round * 10);
            } finally {
                writer.destroyForcibly();  // SIGKILL on Linux: no shutdown hooks, no finally blocks
                assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
            }
            List<SignatureEntry> entries = SignatureDatabase.open(file).entries();
            for (SignatureEntry e : entries) {
                assertEquals(List.of("bulk"), e.referenceGroups());
            }
        }
    }

    private static void awaitEntries(Path file, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && SignatureDatabase.open(file).entries().size() >= atLeast) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the writer process did not reach " + atLeast + " entries");
    }

    /** The process that is killed: adds entries as fast as it can, forever. */
    public static final class SignatureDatabaseWriter {
        public static void main(String[] args) throws Exception {
            SignatureDatabase db = SignatureDatabase.open(Path.of(args[0]));
            for (int n = db.entries().size(); ; n++) {
                db.put(new SignatureEntry(hash(n), List.of("bulk"), "x".repeat(200), "writer", ADDED));
            }
        }
    }
}
