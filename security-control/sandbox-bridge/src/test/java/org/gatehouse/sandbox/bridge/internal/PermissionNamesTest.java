package org.gatehouse.sandbox.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionNamesTest {
    @Test
    void pathsAreAbsoluteAndWithoutDotDot() {
        assertEquals("/etc/passwd", PermissionNames.path(new File("/data/../etc/passwd")));
        assertEquals("/etc/passwd", PermissionNames.path(Path.of("/data/./x/../../etc/passwd")));
        assertEquals("/etc/passwd", PermissionNames.path("/data/../etc/passwd"));
        assertEquals(Path.of("").toAbsolutePath().resolve("a.txt").toString(), PermissionNames.path("a.txt"));
        assertNull(PermissionNames.path(null));
    }

    @Test
    void onlyAnAbsolutePathOfPlainNamesIsTakenAsItIsWritten() {
        assertTrue(PermissionNames.plainPathsAreTheirOwnName(), "a Unix file system that reads ASCII as it is");
        assertTrue(PermissionNames.isPlainAbsolute("/srv/data/shared/granted.txt"));
        assertTrue(PermissionNames.isPlainAbsolute("/srv/.hidden/..x/x../a b/~"));
        for (String parsed : List.of("/", "", "relative/a", "/srv//data", "/srv/data/", "/srv/./data", "/srv/data/..",
                "/srv/data/../keys/secret", "/srv/.", "/.", "/..", "/srv/caf\u00e9", "/srv/a\0b", "/srv/a\nb", "/srv/a\u007fb")) {
            assertFalse(PermissionNames.isPlainAbsolute(parsed), parsed);
        }
        // the names a traversal hides behind are still resolved, by either door
        assertEquals("/srv/keys/secret", PermissionNames.path("/srv/data/../keys/secret"));
        assertEquals("/srv/keys/secret", PermissionNames.path(new File("/srv/data/./../keys//secret/")));
    }

    @Test
    void everyPathIsNamedAsTheFileSystemNamesIt() {
        String[] names = {"", ".", "..", "a", ".a", "..a", "a..", "a b", "caf\u00e9", "a\0b", "~", "x\ty", "\u2028"};
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
            int count = 1 + random.nextInt(5);
            for (int n = 0; n < count; n++) {
                path.append(n == 0 ? "" : "/").append(names[random.nextInt(names.length)]);
            }
            if (random.nextInt(8) == 0) {
                path.append('/');
            }
            String written = path.toString();
            assertEquals(parsed(written), PermissionNames.path(written), written);
            File file = new File(written);
            assertEquals(parsed(file.getPath()), PermissionNames.path(file), written);
        }
    }

    /** What a path names when the file system parses it, as the bridge did for every path before its shortcut. */
    private static String parsed(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return new File(path).getAbsolutePath();
        }
    }

    @Test
    void unparsablePathIsStillNamed() {
        assertEquals("/tmp/a\0b", PermissionNames.path("/tmp/a\0b"));
    }

    @Test
    void socketNamesAreHostAndPortAsWritten() {
        assertEquals("example.com:443", PermissionNames.socket(InetSocketAddress.createUnresolved("example.com", 443)));
        assertEquals("127.0.0.1:80", PermissionNames.socket(new InetSocketAddress("127.0.0.1", 80)));
        assertEquals("[0:0:0:0:0:0:0:1]:80", PermissionNames.socket(new InetSocketAddress("::1", 80)));
        assertEquals("[::1]:80", PermissionNames.hostPort("::1", 80));
        assertEquals("0.0.0.0:0", PermissionNames.socket(null));
    }

    @Test
    void addressLiteralsAreRecognised() {
        assertTrue(PermissionNames.isAddressLiteral("10.0.0.1"));
        assertTrue(PermissionNames.isAddressLiteral("::1"));
        assertFalse(PermissionNames.isAddressLiteral("1.example.com"));
        assertFalse(PermissionNames.isAddressLiteral(""));
    }

    @Test
    void channelActionsFollowTheOpenOptions() {
        assertEquals("read", FileEntries.channelActions(Set.of()));
        assertEquals("read", FileEntries.channelActions(Set.of(StandardOpenOption.READ)));
        assertEquals("write", FileEntries.channelActions(EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE)));
        assertEquals("read,write", FileEntries.channelActions(EnumSet.of(StandardOpenOption.READ, StandardOpenOption.APPEND)));
        assertEquals("read,delete", FileEntries.channelActions(EnumSet.of(StandardOpenOption.DELETE_ON_CLOSE)));
    }
}
