package org.gatehouse.channels.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HTTP method and path, and line commands, each allowed when listed and refused when not. */
class CommandFilterTest {
    private final CommandFilter orders = CommandFilter.of(List.of(
            new CommandFilter.HttpCommand(Set.of("GET", "HEAD"), PathPattern.parse("/api/orders/**"))), Set.of());
    private final CommandFilter smtp = CommandFilter.of(List.of(), Set.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "QUIT"));
    private final CommandFilter redis = CommandFilter.of(List.of(), Set.of("get", "SET"));

    @Test
    void aDeleteInsideAGetChannelIsRefused() {
        assertTrue(orders.allowsHttp("GET", "/api/orders/17"));
        assertTrue(orders.allowsHttp("HEAD", "/api/orders"));
        assertFalse(orders.allowsHttp("DELETE", "/api/orders/17"));
        assertFalse(orders.allowsHttp("get", "/api/orders/17"), "methods are case-sensitive");
        assertFalse(orders.allowsHttp("GET", "/api/customers/3"), "a path outside the pattern");
        assertFalse(orders.allowsHttp("GET", "/api/orders/../customers/3"), "a path out of normal form");
        assertFalse(orders.allowsHttp(null, "/api/orders"));
        assertFalse(orders.allowsLine("GET key"), "an HTTP filter lists no line command");
    }

    @Test
    void smtpCommandsOutsideTheListAreRefused() {
        assertTrue(smtp.allowsLine("MAIL FROM:<a@example.org>"));
        assertTrue(smtp.allowsLine("rcpt TO:<b@example.org>"), "commands compare ignoring ASCII case");
        assertTrue(smtp.allowsLine("QUIT"));
        assertFalse(smtp.allowsLine("VRFY root"));
        assertFalse(smtp.allowsLine("EXPN staff"));
        assertFalse(smtp.allowsLine("MAILX FROM:<a@example.org>"), "a whole token, not a prefix");
        assertFalse(smtp.allowsLine("RCPT TO:<b@example.org>\rVRFY root"), "a second command after a bare CR");
        assertFalse(smtp.allowsLine("QUIT\nVRFY root"));
        assertFalse(smtp.allowsLine(" VRFY root"), "an empty first token");
        assertFalse(smtp.allowsLine(""));
        assertFalse(smtp.allowsHttp("GET", "/"), "a line filter lists no HTTP command");
    }

    @Test
    void redisCommandsOutsideTheListAreRefused() {
        assertTrue(redis.allowsLine("GET session:17"));
        assertTrue(redis.allowsLine("set session:17 x"));
        assertTrue(redis.allowsLine("GET\tsession:17"), "a tab ends the token too");
        assertFalse(redis.allowsLine("FLUSHALL"));
        assertFalse(redis.allowsLine("CONFIG SET dir /tmp"));
        assertFalse(redis.allowsLine("GET\u000bFLUSHALL"), "a vertical tab is not a separator here");
        assertFalse(redis.allowsLine("\u0121ET x"), "a non-ASCII letter is no command");
        assertFalse(redis.allowsLine("S\u0130T x"), "nor one that upper-cases onto ASCII elsewhere");
        assertFalse(redis.allowsLine("*3"), "RESP framing is not an inline command");
    }

    @Test
    void noCommandListedAllowsEveryCommandAndADeniedChannelNone() {
        CommandFilter all = CommandFilter.of(List.of(), Set.of());
        assertTrue(all.isUnrestricted());
        assertTrue(all.allowsHttp("DELETE", "/anything"));
        assertTrue(all.allowsLine("FLUSHALL"));
        assertFalse(CommandFilter.NOTHING.allowsHttp("GET", "/"));
        assertFalse(CommandFilter.NOTHING.allowsLine("QUIT"));
    }
}
