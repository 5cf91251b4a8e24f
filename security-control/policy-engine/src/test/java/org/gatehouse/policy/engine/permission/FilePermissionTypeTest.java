package org.gatehouse.policy.engine.permission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatehouse.policy.engine.spi.Permission;
import org.junit.jupiter.api.Test;

class FilePermissionTypeTest {
    private final FilePermissionType file = new FilePermissionType();
    private static final List<String> READ = List.of("read");

    private boolean implies(String grant, String request) {
        return file.implies(grant, READ, request, READ);
    }

    private boolean intersects(String a, String b) {
        return file.intersects(a, READ, b, READ);
    }

    @Test
    void exactPathImpliesOnlyItself() {
        assertTrue(implies("/data/a", "/data/a"));
        assertFalse(implies("/data/a", "/data/ab"));
        assertFalse(implies("/data/a", "/data/a/b"));
    }

    @Test
    void starCoversDirectChildrenOnly() {
        assertTrue(implies("/data/*", "/data/a"));
        assertFalse(implies("/data/*", "/data"));
        assertFalse(implies("/data/*", "/data/a/b"));
        assertFalse(implies("/data/*", "/database"));
        assertTrue(implies("/data/*", "/data/*"));
        assertFalse(implies("/data/*", "/data/-"));
    }

    @Test
    void dashCoversTheDirectoryAndEverythingBelow() {
        assertTrue(implies("/data/-", "/data"));
        assertTrue(implies("/data/-", "/data/a/b/c"));
        assertTrue(implies("/data/-", "/data/x/*"));
        assertTrue(implies("/data/-", "/data/x/-"));
        assertFalse(implies("/data/-", "/database/a"));
        assertFalse(implies("/data/x/-", "/data/-"));
        assertTrue(implies("/-", "/etc/passwd"));
    }

    @Test
    void actionsMustAllBeGranted() {
        assertTrue(file.implies("/d/-", List.of("read", "write"), "/d/x", List.of("write")));
        assertFalse(file.implies("/d/-", List.of("read"), "/d/x", List.of("read", "write")));
    }

    @Test
    void carveOutIntersectsTheBroaderGrant() {
        assertTrue(intersects("/data/keys/-", "/data/-"));
        assertTrue(intersects("/data/-", "/data/keys/-"));
        assertTrue(intersects("/data/keys/-", "/data/*"), "/data/keys itself is a child of /data");
        assertTrue(intersects("/data/keys/-", "/data/keys/k1"));
        assertFalse(intersects("/data/keys/-", "/data/other/-"));
        assertFalse(intersects("/data/keys/deep/-", "/data/*"));
        assertTrue(intersects("/data/*", "/data/*"));
        assertFalse(intersects("/data/*", "/other/*"));
        assertFalse(file.intersects("/data/-", List.of("write"), "/data/x", List.of("read")));
    }

    @Test
    void policyNamesAreCanonicalised() {
        assertEquals(Permission.of("file", "/data/x/-", "read,write"),
                file.canonical(Permission.of("file", "//data//x/-", "write, read")));
        assertEquals(List.of("delete", "execute", "read", "write"),
                file.canonical(Permission.of("file", "/x", "*")).actions());
    }

    @Test
    void policyNamesMustNotEscapeOrBeRelative() {
        assertEquals("file name [/data/../etc/-] must not contain '.' or '..' elements",
                assertThrows(IllegalArgumentException.class, () -> file.canonical(Permission.of("file", "/data/../etc/-", "read"))).getMessage());
        assertEquals("file name [data/x] must be an absolute path",
                assertThrows(IllegalArgumentException.class, () -> file.canonical(Permission.of("file", "data/x", "read"))).getMessage());
        assertEquals("file name [/data/*.xml] may have '*' or '-' only as its last element",
                assertThrows(IllegalArgumentException.class, () -> file.canonical(Permission.of("file", "/data/*.xml", "read"))).getMessage());
        assertEquals("unknown action [append] for type file; expected one of delete, execute, read, write, or *",
                assertThrows(IllegalArgumentException.class, () -> file.canonical(Permission.of("file", "/x", "append"))).getMessage());
    }

    @Test
    void requestedPathsAreNormalisedSoDotDotCannotEscape() {
        assertEquals("/etc/passwd", file.requestName("/data/ext/../../etc/passwd"));
        assertEquals("/etc", file.requestName("/../../etc"));
        assertFalse(implies("/data/-", file.requestName("/data/../etc/passwd")));
        assertThrows(IllegalArgumentException.class, () -> file.requestName("relative/path"));
    }
}
