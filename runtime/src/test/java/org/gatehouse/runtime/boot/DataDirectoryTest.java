package org.gatehouse.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.gatehouse.runtime.LaunchFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path root;

    @Test
    void claimWritesPidAndReadyAndCloseRemovesThem() throws Exception {
        Path data = root.resolve("new/data");
        try (DataDirectory directory = DataDirectory.claim(data)) {
            directory.writePid(4242);
            directory.markReady(4242);
            assertEquals("4242", Files.readString(data.resolve("gatehouse.pid")).trim());
            assertEquals("4242", Files.readString(data.resolve("gatehouse.ready")).trim());
            assertEquals(OptionalLong.empty(), directory.stalePid());
        }
        assertFalse(Files.exists(data.resolve("gatehouse.pid")));
        assertFalse(Files.exists(data.resolve("gatehouse.ready")));
    }

    @Test
    void aSecondClaimIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
        try (DataDirectory first = DataDirectory.claim(root)) {
            first.writePid(4242);
            LaunchFailure failure = assertThrows(LaunchFailure.class, () -> DataDirectory.claim(root));
            assertEquals(LaunchFailure.ALREADY_RUNNING, failure.exitCode());
            assertEquals("another Gatehouse is running with data folder " + root + " (pid 4242)", failure.getMessage());
        }
        DataDirectory.claim(root).close();
    }

    @Test
    void filesLeftByAKilledRunAreReportedAndReplaced() throws Exception {
        Files.writeString(root.resolve("gatehouse.pid"), "777\n");
        Files.writeString(root.resolve("gatehouse.ready"), "777\n");

        try (DataDirectory directory = DataDirectory.claim(root)) {
            assertEquals(OptionalLong.of(777), directory.stalePid());
            assertFalse(Files.exists(root.resolve("gatehouse.ready")), "a stale ready marker must not announce readiness");
            directory.writePid(888);
            assertEquals("888", Files.readString(root.resolve("gatehouse.pid")).trim());
        }
    }

    @Test
    void anUnusableFolderIsAConfigurationError() throws Exception {
        Path file = Files.writeString(root.resolve("not-a-folder"), "x");

        LaunchFailure failure = assertThrows(LaunchFailure.class, () -> DataDirectory.claim(file));

        assertEquals(LaunchFailure.BAD_CONFIGURATION, failure.exitCode());
        assertEquals("data folder " + file + " is not a folder", failure.getMessage());
    }

    @Test
    void aMissingFolderIsMadeForTheElementAlone() throws Exception {
        Path data = root.resolve("new/data");
        DataDirectory.claim(data).close();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }

    @Test
    void aFolderOthersMayWriteOrAnotherUidOwnsIsRefusedBeforeAnythingIsWrittenThere() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        LaunchFailure open = assertThrows(LaunchFailure.class, () -> DataDirectory.claim(data));
        assertEquals(LaunchFailure.BAD_CONFIGURATION, open.exitCode());
        assertTrue(open.getMessage().startsWith("data folder " + data + " is writable by group or others (mode 0777)"), open.getMessage());
        assertFalse(Files.exists(data.resolve(DataDirectory.LOCK_FILE)), "nothing is written into a folder that is refused");
        long uid = org.gatehouse.platform.files.PrivateFolder.processUid();
        org.junit.jupiter.api.Assumptions.assumeTrue(uid == 0, "giving the folder to another uid needs root");
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(data, "unix:uid", 65534);
        LaunchFailure other = assertThrows(LaunchFailure.class, () -> DataDirectory.claim(data));
        assertTrue(other.getMessage().startsWith("data folder " + data + " is owned by uid 65534, not by uid 0 that the element runs as"),
                other.getMessage());
        assertFalse(Files.exists(data.resolve(DataDirectory.LOCK_FILE)));
    }
}
