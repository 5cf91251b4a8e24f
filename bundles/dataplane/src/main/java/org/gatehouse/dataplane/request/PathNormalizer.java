package org.gatehouse.dataplane.request;

import java.util.ArrayList;
import java.util.List;

/**
 * The path and query rules of {@link TargetNormalizer}: percent-escapes through
 * {@link PercentCoding}, then dot-segment removal (RFC 3986 section 5.2.4) on the decoded segments,
 * with repeated slashes merged. What the rules refuse is refused whole (400), never passed on.
 */
final class PathNormalizer {
    /** RFC 3986 section 2.2 sub-delims without ';' (path parameters are refused), plus ':' and '@' of pchar. */
    private static final String PATH_SYMBOLS = "!$&'()*+,=:@";
    /** The query also allows ';', '/' and '?' (RFC 3986 section 3.4). */
    private static final String QUERY_SYMBOLS = "!$&'()*+,;=:@/?";

    private PathNormalizer() {
    }

    /** The normalized absolute path of {@code raw} (which starts with '/'). */
    static String path(String raw) throws TargetRefusal {
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        boolean trailingSlash = false;
        int i = 1;
        while (i <= raw.length()) {
            char c = i < raw.length() ? raw.charAt(i) : '/';
            if (c == '/') {
                trailingSlash = endSegment(segments, segment.toString(), i == raw.length());
                segment.setLength(0);
                i++;
            } else if (c == '%') {
                i = PercentCoding.appendEscape(raw, i, segment, "path");
            } else {
                checkPathChar(c);
                segment.append(c);
                i++;
            }
        }
        return join(segments, trailingSlash);
    }

    /**
     * Ends one segment: {@code .} disappears, {@code ..} removes the one before (refused above the
     * root), an empty segment (repeated slash) disappears.
     *
     * @return whether the path ends with a slash when this was the last segment
     */
    private static boolean endSegment(List<String> segments, String segment, boolean last) throws TargetRefusal {
        if (segment.equals("..")) {
            if (segments.isEmpty()) {
                throw TargetRefusal.badTarget("the path climbs above the root");
            }
            segments.remove(segments.size() - 1);
            return true;
        }
        if (segment.isEmpty() || segment.equals(".")) {
            return true;
        }
        segments.add(segment);
        return false;
    }

    private static String join(List<String> segments, boolean trailingSlash) {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        for (String s : segments) {
            path.append('/').append(s);
        }
        return trailingSlash ? path.append('/').toString() : path.toString();
    }

    private static void checkPathChar(char c) throws TargetRefusal {
        if (PercentCoding.isUnreserved(c) || PATH_SYMBOLS.indexOf(c) >= 0) {
            return;
        }
        if (c == ';') {
            // servlet containers cut path parameters (and read "..;" as "..") before matching
            throw TargetRefusal.badTarget("the path holds a ';' parameter");
        }
        if (c == '#') {
            throw TargetRefusal.badTarget("the request target holds a fragment");
        }
        throw TargetRefusal.badTarget("the path holds the character " + describe(c));
    }

    /** The normalized query (without '?'): the same escapes, and its own character set. */
    static String query(String raw) throws TargetRefusal {
        StringBuilder query = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                i = PercentCoding.appendEscape(raw, i, query, "query");
                continue;
            }
            if (!PercentCoding.isUnreserved(c) && QUERY_SYMBOLS.indexOf(c) < 0) {
                throw TargetRefusal.badTarget(c == '#' ? "the request target holds a fragment"
                        : "the query holds the character " + describe(c));
            }
            query.append(c);
            i++;
        }
        return query.toString();
    }

    static String describe(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : "0x" + Integer.toHexString(c);
    }
}
