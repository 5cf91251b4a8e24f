package org.gatehouse.sandbox.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
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
