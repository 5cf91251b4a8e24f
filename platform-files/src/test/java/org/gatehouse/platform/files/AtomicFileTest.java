package org.gatehouse.platform.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path folder;

    @Test
    void theContentIsReplacedAndNothingElseIsLeft() throws IOException {
        Path target = folder.resolve("flows.xml");
        Files.writeString(target, "old");

        AtomicFile.replace(target, "new".getBytes(StandardCharsets.UTF_8));

        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aMissingFolderIsCreated() throws IOException {
        Path target = folder.resolve("a/b/gatehouse.pid");

        AtomicFile.replace(target, new byte[] {'4', '2'});

        assertArrayEquals(new byte[] {'4', '2'}, Files.readAllBytes(target));
    }

    @Test
    void aFailedMoveLeavesTheTargetAndNoTemporaryFileAndNamesTheFile() throws IOException {
        Path target = Files.createDirectories(folder.resolve("signature-db.xml"));
        Files.writeString(target.resolve("keeps-it-non-empty"), "x");

        IOException e = assertThrows(IOException.class, () -> AtomicFile.replace(target, new byte[] {1}));

        assertTrue(e.getMessage().startsWith("cannot replace " + target + ": "), e.getMessage());
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aWriterThatFailsLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = folder.resolve("record.properties");
        Files.writeString(target, "old");

        IOException e = assertThrows(IOException.class, () -> AtomicFile.replace(target, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("the upload broke off");
        }));

        assertEquals("cannot replace " + target + ": java.io.IOException: the upload broke off", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aWriterThatGivesUpLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = folder.resolve("bundle.jar");

        assertFalse(AtomicFile.replace(target, out -> {
            out.write(new byte[] {1, 2, 3});
            return false;
        }));

        assertEquals(List.of(), files());
    }

    @Test
    void aFolderThatCannotBeForcedIsAnError() {
        IOException e = assertThrows(IOException.class, () -> AtomicFile.forceFolder(folder.resolve("missing")));

        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.sorted().toList();
        }
    }
}
