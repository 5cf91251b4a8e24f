package org.gatehouse.flow.internal.classify;

/**
 * Where the path and the host are inside a request's target and authority, found without
 * copying them: the classifier runs on the event loop for every request. The flow run takes
 * its copies of the path and query from here too.
 */
public final class RequestTarget {
    private RequestTarget() {
    }

    /** Index where the path starts: 0 for origin form, after the authority for absolute form (RFC 9112 section 3.2.2). */
    static int pathStart(String uri) {
        if (uri.startsWith("/")) {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri.length();
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? uri.length() : slash;
    }

    /** Index where the path ends: at the query or fragment, else the end. */
    static int pathEnd(String uri, int start) {
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return uri.length();
    }

    /** The path of the target, {@code /} when the absolute form has none. */
    public static String path(String uri) {
        int start = pathStart(uri);
        int end = pathEnd(uri, start);
        return start == end ? "/" : uri.substring(start, end);
    }

    /** The query of the target without {@code ?}, empty when there is none. */
    public static String query(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int hash = uri.indexOf('#', q);
        return hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash);
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
