package org.gatehouse.management.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.gatehouse.platform.files.PrivateFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component starts only on a data folder whose trusted folders are the element's own (docs/management.md "The local path"). */
class DataFoldersTest {
    @TempDir
    Path data;

    @Test
    void theTrustedFoldersAreMadeOwnerOnly() throws Exception {
        ManagementComponent.secureDataFolders(data);
        for (String folder : List.of("run", "confirm", "commands")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(folder))), folder);
        }
        ManagementComponent.secureDataFolders(data);
    }

    @Test
    void aTrustedFolderOthersMayWriteOrThatIsALinkIsRefused() throws Exception {
        ManagementComponent.secureDataFolders(data);
        Files.setPosixFilePermissions(data.resolve("confirm"), PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException open = assertThrows(IOException.class, () -> ManagementComponent.secureDataFolders(data));
        assertTrue(open.getMessage().startsWith("folder " + data.resolve("confirm") + " is writable by group or others"), open.getMessage());
        Files.delete(data.resolve("confirm"));
        Files.createSymbolicLink(data.resolve("confirm"), Files.createTempDirectory("elsewhere"));
        assertTrue(assertThrows(IOException.class, () -> ManagementComponent.secureDataFolders(data)).getMessage()
                .contains("is a symbolic link"));
    }

    @Test
    void aDataFolderOrTrustedFolderAnotherUidOwnsIsRefusedNamingBoth() throws Exception {
        assumeTrue(PrivateFolder.processUid() == 0, "giving a folder to another uid needs root");
        ManagementComponent.secureDataFolders(data);
        Files.setAttribute(data.resolve("run"), "unix:uid", 65534);
        IOException run = assertThrows(IOException.class, () -> ManagementComponent.secureDataFolders(data));
        assertTrue(run.getMessage().startsWith("folder " + data.resolve("run") + " is owned by uid 65534, not by uid 0"), run.getMessage());
        Files.setAttribute(data.resolve("run"), "unix:uid", 0);
        Files.setAttribute(data, "unix:uid", 65534);
        IOException folder = assertThrows(IOException.class, () -> ManagementComponent.secureDataFolders(data));
        assertTrue(folder.getMessage().startsWith("data folder " + data + " is owned by uid 65534, not by uid 0"), folder.getMessage());
        Files.setAttribute(data, "unix:uid", 0);
    }
}
