package org.gatehouse.sample.rule.file.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.Test;

/** The rules file format: what parses, what each rule matches, and the exact message of each mistake. */
class RulesFileTest {
    private static final Identity ALICE = new Identity("alice", "basic", Map.of("scope", List.of("orders", "reports")),
            List.of("ops"), Instant.EPOCH);

    private static List<AccessRule> parse(String text) {
        return RulesFile.parse("rules.txt", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
    }

    @Test
    void rulesKeepTheirOrderLinesAndFields() {
        List<AccessRule> rules = parse("# who may do what\n\n"
                + "allow\tgroup:ops  *  /admin/**   # operators\r\n"
                + "  deny user:mallory GET,HEAD /\n"
                + "allow claim:scope=orders POST /orders/*\n");

        assertEquals(3, rules.size());
        assertEquals("line 3: allow group:ops * /admin/**", rules.get(0).describe());
        assertEquals(new AccessRule(false, new AccessRule.Subject.User("mallory"), Set.of("GET", "HEAD"), PathPattern.parse("/"), 4),
                rules.get(1));
        assertEquals("line 5: allow claim:scope=orders POST /orders/*", rules.get(2).describe());
    }

    @Test
    void subjectsMatchPrincipalGroupClaimOrAnyone() {
        List<AccessRule> rules = parse("allow user:alice * /a\nallow user:bob * /a\nallow group:ops * /a\nallow group:Ops * /a\n"
                + "allow claim:scope=reports * /a\nallow claim:scope=admin * /a\nallow * * /a\n");
        List<Boolean> applies = rules.stream().map(r -> r.applies(ALICE, "GET", "/a", false)).toList();
        assertEquals(List.of(true, false, true, false, true, false, true), applies);
    }

    @Test
    void methodsAreExactAndCaseSensitive() {
        AccessRule rule = parse("allow * GET,HEAD /a").get(0);
        assertTrue(rule.applies(ALICE, "HEAD", "/a", false));
        assertFalse(rule.applies(ALICE, "get", "/a", false), "methods are case-sensitive (RFC 9110 9.1)");
        assertFalse(rule.applies(ALICE, "POST", "/a", false));
        assertTrue(parse("allow * * /a").get(0).applies(ALICE, "PROPFIND", "/a", false));
    }

    @Test
    void pathPatternsMatchWholeSegments() {
        PathPattern admin = PathPattern.parse("/admin/**");
        assertTrue(admin.matches("/admin", false));
        assertTrue(admin.matches("/admin/", false));
        assertTrue(admin.matches("/admin/users/7", false));
        assertFalse(admin.matches("/administrator", false), "a prefix of a segment is not the segment");
        assertFalse(admin.matches("/Admin/users", false), "paths are case-sensitive unless asked otherwise");
        assertTrue(admin.matches("/Admin/users", true));

        PathPattern one = PathPattern.parse("/orders/*");
        assertTrue(one.matches("/orders/7", false));
        assertTrue(one.matches("/orders/7/", false), "one trailing slash is not significant");
        assertFalse(one.matches("/orders", false));
        assertFalse(one.matches("/orders/", false), "* is one non-empty segment");
        assertFalse(one.matches("/orders/7/lines", false));

        PathPattern exact = PathPattern.parse("/status");
        assertTrue(exact.matches("/status/", false));
        assertFalse(exact.matches("/status/x", false));
        assertTrue(PathPattern.parse("/").matches("/", false));
        assertFalse(PathPattern.parse("/").matches("/x", false));
        assertTrue(PathPattern.parse("/**").matches("/", false));
    }

    @Test
    void eachMistakeIsNamedWithLineAndColumn() {
        assertEquals("rules.txt [2:1]: 'permit' is not allow or deny", error("allow * * /\npermit * * /\n"));
        assertEquals("rules.txt [1:7]: unknown subject 'usr:alice': write *, user:NAME, group:NAME or claim:NAME=VALUE",
                error("allow usr:alice * /"));
        assertEquals("rules.txt [1:13]: the subject needs a name: group:NAME", error("allow group: * /"));
        assertEquals("rules.txt [1:13]: a claim subject is claim:NAME=VALUE, not 'claim:scope'", error("allow claim:scope * /"));
        assertEquals("rules.txt [1:23]: method 'get': methods are case-sensitive (RFC 9110 section 9.1), write 'GET'",
                error("allow user:alice HEAD,get /"));
        assertEquals("rules.txt [1:13]: method '': write * or methods in upper case separated by commas, such as GET,HEAD",
                error("allow * GET,,POST /"));
        assertEquals("rules.txt [1:11]: path pattern 'api/**': a path pattern starts with '/'", error("allow * * api/**"));
        assertEquals("rules.txt [1:16]: path pattern '/api/**/x': '**' may only be the last segment", error("allow * * /api/**/x"));
        assertEquals("rules.txt [1:16]: path pattern '/api/../admin': segment '..': the element removes dot segments, so it would never match",
                error("allow * * /api/../admin"));
        assertEquals("rules.txt [1:14]: path pattern '/a//b': empty segment ('//'): the element merges repeated slashes, so it would never match",
                error("allow * * /a//b"));
        assertTrue(error("allow * * /a/%2e%2e").startsWith("rules.txt [1:14]: path pattern '/a/%2e%2e': segment '%2e%2e' holds"));
        assertTrue(error("allow * * /a;jsessionid=1").startsWith("rules.txt [1:12]: path pattern '/a;jsessionid=1': segment"));
        assertTrue(error("allow * * /a/b*").startsWith("rules.txt [1:14]: path pattern '/a/b*': segment 'b*' holds"));
        assertEquals("rules.txt [3:12]: a rule has 4 fields (allow|deny subject methods path-pattern), this line has 3",
                error("\n\nallow * GET\n"));
        assertEquals("rules.txt [1:13]: a rule has 4 fields (allow|deny subject methods path-pattern), this line has 5",
                error("allow * * / /x"));
    }

    @Test
    void notUtf8AndTooLargeAreRefused() {
        byte[] latin1 = "allow user:alice * /\nallow user:j\u00f6rg * /\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("rules.txt [2]: not UTF-8 (byte 34)",
                assertThrows(IllegalArgumentException.class, () -> RulesFile.parse("rules.txt", latin1)).getMessage());
        byte[] huge = new byte[RulesFile.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');
        assertEquals("rules.txt: 262145 bytes or more, more than the 262144 a rules file may have",
                assertThrows(IllegalArgumentException.class, () -> RulesFile.parse("rules.txt", huge)).getMessage());
    }
}
