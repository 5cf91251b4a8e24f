package org.gatehouse.dataplane.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule table of the README, one row per rule: what is normalized into what, and what is
 * refused with which status and code.
 */
class TargetNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/raw/secure/x|/raw/secure/x",
            "/raw/open/../secure/x|/raw/secure/x",
            "/raw/%73ecure/x|/raw/secure/x",
            "/raw//secure/x|/raw/secure/x",
            "/raw/./secure/x|/raw/secure/x",
            "/raw/open/%2e%2e/secure/x|/raw/secure/x",
            "/raw/open/%2E%2E/secure/x|/raw/secure/x",
            "/raw/open/.%2e/secure/x|/raw/secure/x",
            "/raw/secure/x/.|/raw/secure/x/",
            "/raw/secure/x/..|/raw/secure/",
            "/a/b/c/./../../g|/a/g",
            "/|/",
            "//|/",
            "/a/|/a/",
            "/%7euser|/~user",
            "/caf%c3%a9|/caf%C3%A9",
            "/a%20b|/a%20B",
            "/a%7cb|/a%7Cb",
            "/a%25b|/a%25b",
            "/a?x=%7e&y=%2f|/a?x=~&y=%2F",
            "/a?|/a",
            "/a?b=/c?d|/a?b=/c?d",
            "/a?x;y|/a?x;y",
            "/a?x%3by|/a?x%3By",
            "/a:b@c!$&'()*+,=|/a:b@c!$&'()*+,=",
            "/%F0%9F%98%80|/%F0%9F%98%80",
    })
    void normalizesThePath(String raw, String expected) throws TargetRefusal {
        // "%20b" keeps the escape upper-cased; the "b" after it is a literal letter
        String normal = TargetNormalizer.normalize("http", "GET", raw, List.of("example.com"), "HTTP/1.1").originForm();
        assertEquals(expected.replace("%20B", "%20b"), normal);
        assertEquals(normal, TargetNormalizer.originForm(normal), "normalizing twice changes nothing");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "/raw/%2fsecure|400|bad_target",
            "/raw/%2Fsecure|400|bad_target",
            "/raw%5csecure|400|bad_target",
            "/raw\\secure|400|bad_target",
            "/raw/%00|400|bad_target",
            "/raw/%0d%0a|400|bad_target",
            "/raw/%7f|400|bad_target",
            "/raw/secure;x/y|400|bad_target",
            "/raw/open/..;/secure/x|400|bad_target",
            "/a%3bb|400|bad_target",
            "/%3BB///raw/secure|400|bad_target",
            "/raw/open/..%3B/secure/x|400|bad_target",
            "/raw/secure#frag|400|bad_target",
            "/..|400|bad_target",
            "/a/../../b|400|bad_target",
            "/%2e%2e/b|400|bad_target",
            "/a%|400|bad_target",
            "/a%2|400|bad_target",
            "/a%zz|400|bad_target",
            "/a%C0%AE|400|bad_target",
            "/a%C0%AF|400|bad_target",
            "/a%E0%80%AE|400|bad_target",
            "/a%ED%A0%80|400|bad_target",
            "/a%F4%90%80%80|400|bad_target",
            "/a%F5%80%80%80|400|bad_target",
            "/a%C3|400|bad_target",
            "/a%C3%28|400|bad_target",
            "/a%80|400|bad_target",
            "/a b|400|bad_target",
            "/a\"b|400|bad_target",
            "/a<b>|400|bad_target",
            "/a{b}|400|bad_target",
            "/a[b]|400|bad_target",
            "/a^b|400|bad_target",
            "/a`b|400|bad_target",
            "/caf\u00e9|400|bad_target",
            "/a?b=%00|400|bad_target",
            "/a?b=%ZZ|400|bad_target",
            "/a?b#c|400|bad_target",
            "/a?b c|400|bad_target",
            "*|400|bad_target",
            "ftp://example.com/a|400|bad_target",
            "example.com:80|400|bad_target",
            "a/b|400|bad_target",
    })
    void refusesTheTarget(String raw, int status, String code) {
        TargetRefusal refusal = assertThrows(TargetRefusal.class,
                () -> TargetNormalizer.normalize("http", "GET", raw, List.of("example.com"), "HTTP/1.1"));
        assertEquals(status, refusal.status(), refusal.getMessage());
        assertEquals(code, refusal.code());
    }

    @ParameterizedTest(name = "{0} Host [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "http://admin.example/raw/x|admin.example|admin.example|/raw/x",
            "HTTP://Admin.Example:80/raw/x|admin.example|admin.example|/raw/x",
            "http://admin.example|admin.example|admin.example|/",
            "http://admin.example?q=1|admin.example|admin.example|/?q=1",
            "http://admin.example:8080/x|ADMIN.example:8080|admin.example:8080|/x",
            "http://[::1]:8080/x|[::1]:8080|[::1]:8080|/x",
            "/x|Admin.Example.|admin.example|/x",
            "/x|admin.example:80|admin.example|/x",
            "/x|admin.example:|admin.example|/x",
            "/x|admin.example:0080|admin.example|/x",
            "/x|127.0.0.1:8080|127.0.0.1:8080|/x",
            "/x|[::1]|[::1]|/x",
            // an IPv6 literal in its one text form (RFC 5952)
            "/x|[0:0:0:0:0:0:0:1]|[::1]|/x",
            "/x|[::0001]:8080|[::1]:8080|/x",
            "http://[0::1]:8080/x|[::1]:8080|[::1]:8080|/x",
            "/x|[2001:DB8:0:0:1:0:0:1]|[2001:db8::1:0:0:1]|/x",
            "/x|[2001:db8:0:1:1:1:1:1]|[2001:db8:0:1:1:1:1:1]|/x",
            "/x|[1:0:0:2:0:0:0:3]|[1:0:0:2::3]|/x",
            "/x|[::]|[::]|/x",
            "/x|[1::]|[1::]|/x",
            "/x|[::FFFF:192.0.2.1]|[::ffff:192.0.2.1]|/x",
            "/x|[::ffff:c000:201]|[::ffff:192.0.2.1]|/x",
            "/x|[64:ff9b::192.0.2.1]|[64:ff9b::c000:201]|/x",
    })
    void takesTheAuthority(String target, String host, String authority, String originForm) throws TargetRefusal {
        RequestTarget normal = TargetNormalizer.normalize("http", "GET", target, List.of(host), "HTTP/1.1");
        assertEquals(authority, normal.authority());
        assertEquals(originForm, normal.originForm());
    }

    @ParameterizedTest(name = "{0} Host [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "http://admin.example/raw/x|127.0.0.1|400|bad_host",
            "http://admin.example/raw/x|admin.example:8080|400|bad_host",
            "http://user@admin.example/raw/x|admin.example|400|bad_host",
            "http:///raw/x|admin.example|400|bad_host",
            "/x|admin.example:99999|400|bad_host",
            "/x|admin.example:0|400|bad_host",
            "/x|admin.example:8o|400|bad_host",
            "/x|admin..example|400|bad_host",
            "/x|admin.example..|400|bad_host",
            "/x|0..|400|bad_host",
            "/x|.|400|bad_host",
            "/x|admin example|400|bad_host",
            "/x|admin%2eexample|400|bad_host",
            "/x|admin.example/x|400|bad_host",
            "/x|[::1|400|bad_host",
            "/x|[fe80::1%25eth0]|400|bad_host",
            "/x|[v1.x]|400|bad_host",
            "/x|''|400|bad_host",
            // IPv6 literals: the URI grammar (RFC 3986 section 3.2.2), ASCII hex only (fuzzing finding)
            "/x|[d\u07c28.:.]|400|bad_host",
            "/x|[::\uff11]|400|bad_host",
            "/x|[]|400|bad_host",
            "/x|[1:2:3]|400|bad_host",
            "/x|[1:2:3:4:5:6:7:8:9]|400|bad_host",
            "/x|[1:2:3:4::5:6:7:8]|400|bad_host",
            "/x|[1::2::3]|400|bad_host",
            "/x|[:::]|400|bad_host",
            "/x|[:1::]|400|bad_host",
            "/x|[12345::]|400|bad_host",
            "/x|[::1.2.3]|400|bad_host",
            "/x|[::1.2.3.04]|400|bad_host",
            "/x|[::256.0.0.1]|400|bad_host",
            "/x|[1.2.3.4::]|400|bad_host",
            "/x|[1.2.3.4]|400|bad_host",
    })
    void refusesTheAuthority(String target, String host, int status, String code) {
        TargetRefusal refusal = assertThrows(TargetRefusal.class,
                () -> TargetNormalizer.normalize("http", "GET", target, List.of(host), "HTTP/1.1"));
        assertEquals(status, refusal.status(), refusal.getMessage());
        assertEquals(code, refusal.code());
    }

    @org.junit.jupiter.api.Test
    void hostCountsFollowTheProtocol() throws TargetRefusal {
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.normalize("http", "GET", "/x",
                List.of(), "HTTP/1.1")).status());
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.normalize("http", "GET", "/x",
                List.of("a.example", "a.example"), "HTTP/1.1")).status());
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.normalize("http", "GET", "/x",
                List.of("a.example", "b.example"), "HTTP/2.0")).status());
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.normalize("http", "GET", "/x",
                List.of(), "HTTP/2.0")).status());
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.normalize("http", "GET",
                "http://a.example/x", List.of(), "HTTP/1.1")).status());
        assertEquals("", TargetNormalizer.normalize("http", "GET", "/x", List.of(), "HTTP/1.0").authority());
        assertEquals("a.example", TargetNormalizer.normalize("http", "GET", "/x", List.of("a.example", "A.example:80"),
                "HTTP/2.0").authority());
        assertEquals("a.example:443", TargetNormalizer.normalize("http", "GET", "/x", List.of("a.example:443"),
                "HTTP/1.1").authority());
        assertEquals("a.example", TargetNormalizer.normalize("https", "GET", "/x", List.of("a.example:443"),
                "HTTP/1.1").authority());
    }

    @org.junit.jupiter.api.Test
    void connectIsNotImplemented() {
        TargetRefusal refusal = assertThrows(TargetRefusal.class,
                () -> TargetNormalizer.normalize("http", "CONNECT", "example.com:443", List.of("example.com:443"), "HTTP/1.1"));
        assertEquals(501, refusal.status());
        assertEquals("method_not_supported", refusal.code());
    }

    @org.junit.jupiter.api.Test
    void aStepsTargetIsNormalizedByTheSameRules() throws TargetRefusal {
        assertEquals("/b?x=~", TargetNormalizer.originForm("/a/../b?x=%7E"));
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.originForm("/a/%2f")).status());
        assertEquals(400, assertThrows(TargetRefusal.class, () -> TargetNormalizer.originForm("http://x/a")).status());
    }
}
