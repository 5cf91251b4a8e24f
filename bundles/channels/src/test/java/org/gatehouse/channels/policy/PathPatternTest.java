package org.gatehouse.channels.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The path pattern syntax, and paths in any form but the normal one matching nothing. */
class PathPatternTest {
    @Test
    void oneStarIsOneSegment() {
        PathPattern pattern = PathPattern.parse("/api/*/summary");
        assertTrue(pattern.matches("/api/17/summary"));
        assertFalse(pattern.matches("/api/summary"), "one segment, not none");
        assertFalse(pattern.matches("/api/17/18/summary"), "one segment, not two");
        assertFalse(pattern.matches("/api//summary"), "not an empty one");
        assertFalse(pattern.matches("/api/17/summary/x"));
    }

    @Test
    void twoStarsAreAnyDepthIncludingNone() {
        PathPattern pattern = PathPattern.parse("/api/orders/**");
        for (String path : List.of("/api/orders", "/api/orders/", "/api/orders/17", "/api/orders/17/lines/2")) {
            assertTrue(pattern.matches(path), path);
        }
        for (String path : List.of("/api/orders-archive", "/api/order", "/api", "/", "/API/orders/17")) {
            assertFalse(pattern.matches(path), path);
        }
    }

    @Test
    void literalsMatchExactly() {
        PathPattern pattern = PathPattern.parse("/health");
        assertTrue(pattern.matches("/health"));
        assertFalse(pattern.matches("/health/"), "a trailing slash is another path");
        assertFalse(pattern.matches("/Health"), "case counts");
        assertTrue(PathPattern.parse("/").matches("/"));
        assertFalse(PathPattern.parse("/").matches("/x"));
    }

    @Test
    void pathsOutOfNormalFormMatchNothingHoweverEncoded() {
        PathPattern everything = PathPattern.parse("/public/**");
        for (String path : List.of(
                "/public/../admin",             // dot segments
                "/public/./x",
                "/public/%2E%2E/admin",         // an escaped dot, upper and lower case
                "/public/%2e%2e/admin",
                "/public/.%2E/admin",
                "/public/%2E./admin",
                "/public/%252E%252E/admin",     // double encoding
                "/public/%2F../admin",          // an escaped slash
                "/public/..%2Fadmin",
                "/public/%5C..%5Cadmin",        // an escaped backslash
                "/public\\..\\admin",           // a raw backslash
                "/public/%C0%AE%C0%AE/admin",   // overlong UTF-8 for '.'
                "/public/%E0%80%AE/admin",
                "/public/%61dmin",              // an escaped unreserved character
                "/public/%00",                  // an escaped NUL
                "/public/%2",                   // a broken escape
                "/public/a;jsessionid=1",       // a path parameter
                "/public/a b",                  // a raw space
                "/public/caf\u00e9",            // a raw non-ASCII character
                "/public//x",                   // an empty segment
                "/public/x?y=1",                // a query
                "public/x",                     // not absolute
                "")) {
            assertFalse(everything.matches(path), path);
            assertTrue(NormalPath.problem(path) != null, path);
        }
        assertTrue(everything.matches("/public/caf%C3%A9"), "an escaped non-ASCII character in UTF-8 is the normal form");
        assertTrue(everything.matches("/public/a%20b"), "so is an escaped space");
        assertNull(NormalPath.problem("/public/x:y@z~"));
    }

    @Test
    void badPatternsAreRefusedWithTheirReason() {
        assertBad("api/*", "bad path pattern [api/*]: it does not start with '/'");
        assertBad("/api/**/x", "bad path pattern [/api/**/x]: '**' may only be the last segment");
        assertBad("/api/v*", "bad path pattern [/api/v*]: '*' stands for a whole segment, not part of one ('v*')");
        assertBad("/api//x", "bad path pattern [/api//x]: it has an empty segment");
        assertBad("/api/", "bad path pattern [/api/]: it has an empty segment");
        assertBad("/api/../admin", "bad path pattern [/api/../admin]: its segment '..' has a '..' segment");
        assertBad("/api/%2e", "bad path pattern [/api/%2e]: its segment '%2e' has a '%' that starts no upper-case %HH escape");
        assertBad("/api/x?y", "bad path pattern [/api/x?y]: its segment 'x?y' has the character '?'");
    }

    private static void assertBad(String pattern, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> PathPattern.parse(pattern)).getMessage());
    }
}
