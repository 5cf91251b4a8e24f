package org.gatehouse.sample.rule.file.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletSetup;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.RecordingLogger;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.ManualClock;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorizer run by the test kit with its real descriptor and a rules file in a real data folder. */
class RuleFileAuthorizerTest {
    static final String RULES = """
            # operators run the admin pages; nobody else does
            allow group:ops        *         /admin/**
            deny  *                *         /admin/**
            deny  user:mallory     *         /**
            allow claim:scope=orders  GET,HEAD  /orders/**
            allow user:alice       POST      /orders
            allow *                GET       /status
            """;
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final Identity ALICE = new Identity("alice", "api-key", Map.of("scope", List.of("orders")), List.of("staff"), START);
    static final Identity OLIVER = new Identity("oliver", "api-key", Map.of(), List.of("ops"), START);
    static final Identity MALLORY = new Identity("mallory", "api-key", Map.of("scope", List.of("orders")), List.of(), START);

    @TempDir
    Path data;

    private final ManualClock clock = new ManualClock(START);
    private BladeletHarness harness;

    @BeforeEach
    void writeRules() throws Exception {
        harness = BladeletHarness.fromClassPath();
        Files.writeString(data.resolve("access-rules.txt"), RULES);
    }

    private BladeletSetup authorizer() {
        return harness.bladelet("rule-file-authorizer").dataFolder(data).clock(clock);
    }

    private static AuthorizationDecision ask(BladeletUnderTest authorizer, Identity who, String method, String path) {
        return authorizer.authorize(who, TestMessage.request(method, path).identity(who).build());
    }

    private static String denial(AuthorizationDecision decision) {
        return assertInstanceOf(AuthorizationDecision.Deny.class, decision).reason();
    }

    @Test
    void theFirstMatchingRuleDecidesAndNoMatchIsADenial() throws Exception {
        try (BladeletUnderTest authorizer = authorizer().start()) {
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, OLIVER, "DELETE", "/admin/users/7"));
            assertEquals("alice GET /admin/users denied by rule at line 3: deny * * /admin/**",
                    denial(ask(authorizer, ALICE, "GET", "/admin/users")));
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "GET", "/orders/7"));
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "POST", "/orders"));
            assertEquals("mallory GET /orders/7 denied by rule at line 4: deny user:mallory * /**",
                    denial(ask(authorizer, MALLORY, "GET", "/orders/7")), "an earlier deny wins over a later allow");
            assertEquals("no rule of 6 allows alice DELETE /orders/7 (default deny)", denial(ask(authorizer, ALICE, "DELETE", "/orders/7")));
            assertEquals("no rule of 6 allows oliver GET /orders/7 (default deny)", denial(ask(authorizer, OLIVER, "GET", "/orders/7")));
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, OLIVER, "GET", "/status"));
            assertEquals(4, authorizer.counter("permitted_total"));
            assertEquals(4, authorizer.counter("denied_total"));
        }
    }

    @Test
    void spellingsOfAPathOrMethodDoNotSlipPastADeny() throws Exception {
        try (BladeletUnderTest authorizer = authorizer().start()) {
            assertTrue(denial(ask(authorizer, ALICE, "GET", "/admin/")).contains("denied by rule at line 3"), "trailing slash");
            assertTrue(denial(ask(authorizer, ALICE, "GET", "/admin")).contains("denied by rule at line 3"), "the folder itself");
            for (String path : List.of("/orders//../admin", "/orders/../admin", "/orders/./x", "/orders/%2e%2e/admin", "/orders/%2E%2e",
                    "/orders/x%2Fy", "/orders/x%5cy", "/orders;jsessionid=1", "/orders\\x", "/orders/\u0000")) {
                assertTrue(denial(ask(authorizer, ALICE, "GET", path)).endsWith(" is not in the element's normal form"), path);
            }
            assertTrue(denial(ask(authorizer, ALICE, "GET", "/Orders/7")).contains("default deny"), "paths are case-sensitive");
        }
        try (BladeletUnderTest authorizer = authorizer().parameter("ignore-path-case", "true").start()) {
            assertTrue(denial(ask(authorizer, ALICE, "GET", "/ADMIN/users")).contains("denied by rule at line 3"),
                    "for an upstream that ignores case, so does the authorizer");
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "GET", "/Orders/7"));
        }
    }

    @Test
    void anEditIsSeenByContentAfterTheIntervalEvenWithTheSameModificationTime() throws Exception {
        Path file = data.resolve("access-rules.txt");
        FileTime written = Files.getLastModifiedTime(file);
        try (BladeletUnderTest authorizer = authorizer().start()) {
            assertTrue(ask(authorizer, ALICE, "DELETE", "/orders/7") instanceof AuthorizationDecision.Deny);
            Files.writeString(file, RULES.replace("allow user:alice       POST      /orders", "allow user:alice     DELETE    /orders/*"));
            Files.setLastModifiedTime(file, written);

            assertTrue(ask(authorizer, ALICE, "DELETE", "/orders/7") instanceof AuthorizationDecision.Deny, "not before the interval");
            clock.advance(Duration.ofSeconds(5));
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "DELETE", "/orders/7"));
            assertTrue(ask(authorizer, ALICE, "POST", "/orders") instanceof AuthorizationDecision.Deny);
            assertEquals(1, authorizer.counter("reloads_total"));
        }
    }

    @Test
    void aMalformedEditKeepsThePreviousRulesAndSaysWhereItIsWrong() throws Exception {
        try (BladeletUnderTest authorizer = authorizer().parameter("reload-interval", "0ms").start()) {
            Files.writeString(data.resolve("access-rules.txt"), "allow * * /**\nallow user:alice get /orders\n");

            assertTrue(ask(authorizer, ALICE, "DELETE", "/orders/7") instanceof AuthorizationDecision.Deny,
                    "the broken file's allow-everything is not in force");
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "POST", "/orders"), "the previous rules are");
            List<RecordingLogger.Entry> errors = authorizer.logs().stream().filter(e -> e.level() == Level.ERROR).toList();
            assertEquals(1, errors.size(), "reported once per content: " + errors);
            assertEquals("rules file changed but is malformed, the previous 6 rules stay in force: access-rules.txt [2:18]: method 'get': "
                    + "methods are case-sensitive (RFC 9110 section 9.1), write 'GET'", errors.get(0).message());
            assertEquals(1, authorizer.counter("reload_failures_total"));
        }
    }

    @Test
    void noFileOrAMalformedOneAtStartDeniesEverything() throws Exception {
        Files.delete(data.resolve("access-rules.txt"));
        try (BladeletUnderTest authorizer = authorizer().parameter("reload-interval", "0ms").start()) {
            assertEquals("rules file access-rules.txt does not exist: no rules in force, oliver GET /status denied",
                    denial(ask(authorizer, OLIVER, "GET", "/status")));
            Files.writeString(data.resolve("access-rules.txt"), "allow everyone * /**\n");
            assertEquals("rules file access-rules.txt is malformed: no rules in force, oliver GET /status denied",
                    denial(ask(authorizer, OLIVER, "GET", "/status")));
            Files.writeString(data.resolve("access-rules.txt"), RULES);
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, OLIVER, "GET", "/status"));
            Files.delete(data.resolve("access-rules.txt"));
            assertTrue(denial(ask(authorizer, OLIVER, "GET", "/status")).startsWith("rules file access-rules.txt does not exist"),
                    "a removed file leaves no rules: everything is denied");
        }
    }

    @Test
    void aSymbolicLinkIsNotFollowedAndAHugeFileIsNotRead() throws Exception {
        Path elsewhere = Files.createTempDirectory("not-the-data-folder");
        Path bait = Files.writeString(elsewhere.resolve("bait.txt"), "allow * * /**\n");
        Path file = data.resolve("access-rules.txt");
        try (BladeletUnderTest authorizer = authorizer().parameter("reload-interval", "0ms").start()) {
            Files.delete(file);
            Files.createSymbolicLink(file, bait);
            assertTrue(ask(authorizer, ALICE, "DELETE", "/orders/7") instanceof AuthorizationDecision.Deny, "the link's rules are not read");
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "POST", "/orders"), "the previous rules stay");
            assertTrue(authorizer.logs().stream().anyMatch(e -> e.level() == Level.ERROR && e.message().contains("cannot be read")),
                    authorizer.logs().toString());

            Files.delete(file);
            Files.writeString(file, "allow * * /**\n" + "#".repeat(RulesFile.MAX_BYTES));
            assertTrue(ask(authorizer, ALICE, "DELETE", "/orders/7") instanceof AuthorizationDecision.Deny);
            assertTrue(authorizer.logs().stream().anyMatch(e -> e.message().contains("more than the 262144 a rules file may have")));
        } finally {
            Files.delete(bait);
            Files.delete(elsewhere);
        }
    }

    @Test
    void aRulesFileElsewhereIsNamedByAnAbsolutePath() throws Exception {
        Path shared = Files.createTempDirectory("shared-rules");
        Path rules = Files.writeString(shared.resolve("team-rules.txt"), "allow user:alice GET /reports/**\n");
        try (BladeletUnderTest authorizer = authorizer().parameter("rules-file", rules.toString()).start()) {
            assertEquals(AuthorizationDecision.permit(), ask(authorizer, ALICE, "GET", "/reports/q1"));
            assertTrue(ask(authorizer, ALICE, "GET", "/status") instanceof AuthorizationDecision.Deny);
        } finally {
            Files.delete(rules);
            Files.delete(shared);
        }
    }
}
