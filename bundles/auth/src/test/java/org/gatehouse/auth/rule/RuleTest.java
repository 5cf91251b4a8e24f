package org.gatehouse.auth.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.Test;

class RuleTest {
    private static final Identity ALICE = new Identity("alice", "ldap", Map.of("scope", List.of("orders:read"), "level", List.of("3")),
            List.of("devs"), Instant.EPOCH);
    private static final Identity ADMIN = new Identity("root", "x509", Map.of(), List.of("admins"), Instant.EPOCH);
    /** A Tuesday. */
    private static final ZonedDateTime TEN_AM = ZonedDateTime.of(2026, 11, 24, 10, 30, 0, 0, ZoneOffset.UTC);
    private static final ZonedDateTime TEN_PM = TEN_AM.withHour(22);

    private static boolean test(String rule, Identity identity, ZonedDateTime now) {
        TestMessage message = TestMessage.request("POST", "/orders/7?dry-run=yes").header("X-Tenant", "blue").attribute("tenant", "blue").build();
        return Rule.parse(rule).test(new RuleInput(identity, message, now));
    }

    @Test
    void theExampleOfTheIssue() {
        String rule = "principal == \"alice\" or (\"admins\" in groups and hour >= 8 and hour < 18)";

        assertTrue(test(rule, ALICE, TEN_PM));
        assertTrue(test(rule, ADMIN, TEN_AM));
        assertFalse(test(rule, ADMIN, TEN_PM));
    }

    @Test
    void operatorsOverMessageIdentityAndTime() {
        assertTrue(test("method == \"POST\" and path starts-with \"/orders/\"", ALICE, TEN_AM));
        assertTrue(test("header[\"X-Tenant\"] == attribute[\"tenant\"] and query[\"dry-run\"] == 'yes'", ALICE, TEN_AM));
        assertTrue(test("claim[\"scope\"] contains \"orders:read\" and not (claim[\"scope\"] contains \"orders:write\")", ALICE, TEN_AM));
        assertTrue(test("claim[\"level\"] contains 3", ALICE, TEN_AM));
        assertTrue(test("principal in [\"alice\", \"bob\"] and weekday <= 5 and date == \"2026-11-24\"", ALICE, TEN_AM));
        assertTrue(test("principal matches \"a.*e\" and auth-method != \"x509\"", ALICE, TEN_AM));
        assertFalse(test("header[\"X-Missing\"] > 2", ALICE, TEN_AM), "an absent value is not a number: ordering is false");
        assertTrue(test("tls == false and remote-ip == \"127.0.0.1\"", ALICE, TEN_AM));
    }

    @Test
    void andBindsTighterThanOr() {
        assertTrue(test("true or false and false", ALICE, TEN_AM));
        assertFalse(test("(true or false) and false", ALICE, TEN_AM));
    }

    @Test
    void errorsNameTheColumn() {
        assertEquals("rule [1:13]: unknown name 'princpal'",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("hour > 3 or princpal == \"x\"")).getMessage());
        assertEquals("rule [1:1]: a rule needs a boolean, not a string (principal)",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("principal")).getMessage());
        assertEquals("rule [1:8]: '==' compares a list with a single value; use 'in' or 'contains'",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("groups == \"admins\"")).getMessage());
        assertEquals("rule [1:14]: string is not closed",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("principal == 'x")).getMessage());
        assertEquals("rule [1:10]: 'and' needs a boolean, not a number (hour)",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("hour > 3 and hour")).getMessage());
        assertEquals("rule [1:18]: expected 'and', 'or' or the end, found 'tls'",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("hour > 3 and tls tls")).getMessage());
        assertEquals("rule [1:10]: unexpected character '&'",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("hour > 3 && true")).getMessage());
        assertEquals("rule [1:19]: regular expression does not compile: Unclosed group",
                assertThrows(RuleSyntaxException.class, () -> Rule.parse("principal matches \"(a\"")).getMessage());
    }

    @Test
    void evaluationIsCheapOnceParsed() {
        Rule rule = Rule.parse("principal == \"alice\" or (\"admins\" in groups and hour >= 8 and hour < 18)");
        RuleInput input = new RuleInput(ADMIN, TestMessage.request("GET", "/").build(), TEN_AM);
        long start = System.nanoTime();
        int permitted = 0;
        for (int i = 0; i < 200_000; i++) {
            permitted += rule.test(input) ? 1 : 0;
        }
        long nanosEach = (System.nanoTime() - start) / 200_000;
        assertEquals(200_000, permitted);
        assertTrue(nanosEach < 20_000, "one evaluation took " + nanosEach + " ns");
    }
}
