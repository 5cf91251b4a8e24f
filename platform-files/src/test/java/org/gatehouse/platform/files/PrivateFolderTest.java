package org.gatehouse.platform.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders only the element's account may change: made 0700, refused when another uid owns them or others may write them. */
class PrivateFolderTest {
    @TempDir
    Path folder;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theUidIsTheOneOfTheFilesThisProcessMakes() throws Exception {
        Path file = Files.createFile(folder.resolve("mine"));
        assertEquals(Integer.toUnsignedLong((Integer) Files.getAttribute(file, "unix:uid")), PrivateFolder.processUid());
    }

    @Test
    void aMissingFolderIsMadeOwnerOnlyWithItsParents() throws Exception {
        long uid = PrivateFolder.processUid();
        Path made = PrivateFolder.require(folder.resolve("a/b/data"), uid, "data folder", true);
        assertEquals("rwx------", mode(made));
        PrivateFolder.require(made, uid, "data folder", true);
        Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFolder.require(made, uid, "data folder", true);
    }

    @Test
    void aFolderWritableByGroupOrOthersIsRefused() throws Exception {
        long uid = PrivateFolder.processUid();
        Path data = PrivateFolder.require(folder.resolve("data"), uid, "data folder", true);
        for (String open : new String[] {"rwxrwx---", "rwx---rwx", "rwxrwxrwt"}) {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString(open.replace('t', 'x')));
            IOException refused = assertThrows(IOException.class, () -> PrivateFolder.require(data, uid, "data folder", true));
            assertTrue(refused.getMessage().startsWith("data folder " + data + " is writable by group or others (mode 0"), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("chmod go-w " + data), refused.getMessage());
        }
    }

    @Test
    void aFolderAnotherUidOwnsIsRefusedNamingOwnerAndExpectedUid() throws Exception {
        long uid = PrivateFolder.processUid();
        assumeTrue(uid == 0, "giving a folder to another uid needs root");
        Path data = PrivateFolder.require(folder.resolve("data"), uid, "data folder", true);
        Files.setAttribute(data, "unix:uid", 65534);
        IOException refused = assertThrows(IOException.class, () -> PrivateFolder.require(data, uid, "data folder", true));
        assertTrue(refused.getMessage().startsWith("data folder " + data + " is owned by uid 65534, not by uid 0 that the element runs as"),
                refused.getMessage());
    }

    @Test
    void aLinkIsFollowedOnlyWhenAsked() throws Exception {
        long uid = PrivateFolder.processUid();
        Path real = PrivateFolder.require(folder.resolve("real"), uid, "data folder", true);
        Path link = Files.createSymbolicLink(folder.resolve("link"), real);
        PrivateFolder.require(link, uid, "data folder", true);
        IOException refused = assertThrows(IOException.class, () -> PrivateFolder.require(link, uid, "folder", false));
        assertTrue(refused.getMessage().contains("is a symbolic link"), refused.getMessage());
        Path file = Files.createFile(folder.resolve("file"));
        assertTrue(assertThrows(IOException.class, () -> PrivateFolder.require(file, uid, "folder", false)).getMessage()
                .endsWith("is not a folder"));
    }
}
