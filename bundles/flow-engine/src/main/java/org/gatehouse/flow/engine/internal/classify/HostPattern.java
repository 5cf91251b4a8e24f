package org.gatehouse.flow.engine.internal.classify;

import java.util.List;
import org.gatehouse.dataplane.request.TargetNormalizer;
import org.gatehouse.dataplane.request.TargetRefusal;

/**
 * Tests a request's authority against a {@code host} condition ({@code name} or {@code *.suffix})
 * without copying it: the classifier runs on the event loop for every request. The authority is
 * the data plane's normalized one (lower case, no trailing dot), so only the port is cut here.
 */
final class HostPattern {
    private HostPattern() {
    }

    /**
     * The pattern as the data plane writes that host: an IPv6 literal in its one text form
     * ({@code [0:0::1]} is {@code [::1]}), so a pattern matches every spelling of its address.
     * Names stay as written (they are compared ignoring case). A literal the data plane refuses
     * stays as written: no request can name it.
     */
    static String canonical(String pattern) {
        if (!pattern.startsWith("[")) {
            return pattern;
        }
        try {
            return TargetNormalizer.normalize("http", "GET", "/", List.of(pattern), "HTTP/1.1").host();
        } catch (TargetRefusal refusal) {
            return pattern;
        }
    }

    /** Length of the host part of an authority: before the port, brackets of IPv6 kept. */
    static int hostLength(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority.length() : close + 1;
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority.length() : colon;
    }

    /** Whether the host matches {@code pattern} ({@code name} or {@code *.suffix}), ignoring case. */
    static boolean hostMatches(String authority, int hostLength, String pattern) {
        // a trailing dot names the same host (RFC 1034 section 3.1)
        int length = hostLength > 0 && authority.charAt(hostLength - 1) == '.' ? hostLength - 1 : hostLength;
        if (pattern.startsWith("*.")) {
            int suffix = pattern.length() - 1; // ".example.com"
            return length > suffix && authority.regionMatches(true, length - suffix, pattern, 1, suffix);
        }
        return length == pattern.length() && authority.regionMatches(true, 0, pattern, 0, length);
    }
}
