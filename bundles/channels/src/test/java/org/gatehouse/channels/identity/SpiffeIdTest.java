package org.gatehouse.channels.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The SPIFFE ID rules, each broken once, and path-prefix matching by whole segments. */
class SpiffeIdTest {
    @Test
    void validIdsReadAsWritten() {
        SpiffeId id = SpiffeId.parse("spiffe://example.org/billing/api-v2_1.0");
        assertEquals("example.org", id.trustDomain());
        assertEquals("/billing/api-v2_1.0", id.path());
        assertEquals("spiffe://example.org/billing/api-v2_1.0", id.toString());
        assertEquals("", SpiffeId.parse("spiffe://my_domain-1.example").path(), "the trust domain's own ID has no path");
    }

    @Test
    void everyRuleOfTheFormIsEnforced() {
        assertRefused("SPIFFE://example.org/a", "the scheme must be spiffe, in lower case, followed by ://");
        assertRefused("https://example.org/a", "the scheme must be spiffe, in lower case, followed by ://");
        assertRefused("spiffe:/example.org/a", "the scheme must be spiffe, in lower case, followed by ://");
        assertRefused("spiffe:///a", "the trust domain is missing");
        assertRefused("spiffe://Example.org/a", "the trust domain may hold only lower-case letters, digits, '.', '-' and '_', not 'E'");
        assertRefused("spiffe://example.org:8443/a", "a port is not allowed");
        assertRefused("spiffe://admin@example.org/a", "user info is not allowed");
        assertRefused("spiffe://example.org/a?x=1", "a query is not allowed");
        assertRefused("spiffe://example.org/a#b", "a fragment is not allowed");
        assertRefused("spiffe://example.org/a%2Fb", "percent-encoding is not allowed");
        assertRefused("spiffe://example%2Eorg/a", "percent-encoding is not allowed");
        assertRefused("spiffe://example.org/a/../admin", "the path has a '..' segment");
        assertRefused("spiffe://example.org/./a", "the path has a '.' segment");
        assertRefused("spiffe://example.org/a//b", "the path has an empty segment (a trailing or doubled '/')");
        assertRefused("spiffe://example.org/a/", "the path has an empty segment (a trailing or doubled '/')");
        assertRefused("spiffe://example.org/", "the path has an empty segment (a trailing or doubled '/')");
        assertRefused("spiffe://example.org/a b", "the path may hold only letters, digits, '.', '-' and '_', not ' '");
        assertRefused("spiffe://example.org/caf\u00e9", "the path may hold only letters, digits, '.', '-' and '_', not '\\u00e9'");
        assertRefused("spiffe://example.org/" + "a".repeat(2048), "longer than 2048 characters");
    }

    @Test
    void pathPrefixHoldsWholeSegmentsOnly() {
        SpiffeId billing = SpiffeId.parse("spiffe://example.org/billing");
        assertTrue(SpiffeId.parse("spiffe://example.org/billing").isAtOrBelow(billing));
        assertTrue(SpiffeId.parse("spiffe://example.org/billing/api").isAtOrBelow(billing));
        assertFalse(SpiffeId.parse("spiffe://example.org/billing-old").isAtOrBelow(billing), "not a segment below");
        assertFalse(SpiffeId.parse("spiffe://example.org").isAtOrBelow(billing), "above, not below");
        assertFalse(SpiffeId.parse("spiffe://example.org.evil/billing/api").isAtOrBelow(billing), "another trust domain");
        assertTrue(SpiffeId.parse("spiffe://example.org/x/y").isAtOrBelow(SpiffeId.parse("spiffe://example.org")),
                "the trust domain's ID holds all of its IDs");
    }

    private static void assertRefused(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(text));
        assertEquals("invalid SPIFFE ID [" + text + "]: " + reason, e.getMessage());
    }
}
