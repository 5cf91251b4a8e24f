package org.gatehouse.policy.engine.permission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatehouse.policy.engine.spi.Permission;
import org.junit.jupiter.api.Test;

class SocketPermissionTypeTest {
    private final SocketPermissionType socket = new SocketPermissionType();
    private static final List<String> CONNECT = List.of("connect");

    private boolean connects(String grant, String request) {
        return socket.implies(grant, CONNECT, request, CONNECT);
    }

    @Test
    void portRanges() {
        assertTrue(connects("127.0.0.1:8000-9000", "127.0.0.1:8080"));
        assertFalse(connects("127.0.0.1:8000-9000", "127.0.0.1:9001"));
        assertTrue(connects("127.0.0.1:1024-", "127.0.0.1:65535"));
        assertFalse(connects("127.0.0.1:-1023", "127.0.0.1:1024"));
        assertTrue(connects("127.0.0.1", "127.0.0.1:1"), "no port means every port");
        assertTrue(connects("127.0.0.1:*", "127.0.0.1:22"));
        assertFalse(connects("127.0.0.1:80", "127.0.0.2:80"));
    }

    @Test
    void hostWildcards() {
        assertTrue(connects("*.example.com:443", "api.example.com:443"));
        assertTrue(connects("*.example.com:443", "a.b.example.com:443"));
        assertFalse(connects("*.example.com:443", "example.com:443"));
        assertFalse(connects("*.example.com:443", "evil-example.com:443"));
        assertTrue(connects("*:443", "anything:443"));
        assertTrue(connects("API.Example.com:443", "api.example.COM:443"));
    }

    @Test
    void ipv6NeedsBracketsInPoliciesAndIsReadFromRequests() {
        assertTrue(connects("[::1]:8080", "::1:8080"));
        assertTrue(connects("[::1]:8000-9000", "[::1]:8443"));
        assertEquals("socket name [::1:80]: write an IPv6 address in brackets, e.g. [::1]:8080",
                assertThrows(IllegalArgumentException.class, () -> socket.canonical(Permission.of("socket", "::1:80", "connect"))).getMessage());
    }

    @Test
    void connectImpliesResolveAndResolveIgnoresThePort() {
        assertTrue(socket.implies("127.0.0.1:80", CONNECT, "127.0.0.1:0", List.of("resolve")));
        assertFalse(socket.implies("127.0.0.1:80", List.of("resolve"), "127.0.0.1:80", CONNECT));
        assertFalse(socket.implies("127.0.0.1:80", CONNECT, "127.0.0.1:81", List.of("listen")));
    }

    @Test
    void intersection() {
        assertTrue(socket.intersects("*:25", CONNECT, "127.0.0.1:1-100", CONNECT));
        assertFalse(socket.intersects("*:25", CONNECT, "127.0.0.1:26-100", CONNECT));
        assertTrue(socket.intersects("*.example.com:*", CONNECT, "*.b.example.com:80", CONNECT));
        assertFalse(socket.intersects("*.example.com:*", CONNECT, "*.example.org:80", CONNECT));
        assertFalse(socket.intersects("*:25", List.of("listen"), "127.0.0.1:25", CONNECT));
    }

    @Test
    void malformedNames() {
        assertEquals("socket name [127.0.0.1:99999]: [99999] is not a port (0-65535)",
                assertThrows(IllegalArgumentException.class, () -> socket.canonical(Permission.of("socket", "127.0.0.1:99999", "connect"))).getMessage());
        assertEquals("socket name [127.0.0.1:9000-8000]: port range 9000-8000 is empty",
                assertThrows(IllegalArgumentException.class, () -> socket.canonical(Permission.of("socket", "127.0.0.1:9000-8000", "connect"))).getMessage());
        assertEquals("socket name [a*.example.com:80]: '*' only as the whole host or as '*.' before a domain",
                assertThrows(IllegalArgumentException.class, () -> socket.canonical(Permission.of("socket", "a*.example.com:80", "connect"))).getMessage());
    }
}
