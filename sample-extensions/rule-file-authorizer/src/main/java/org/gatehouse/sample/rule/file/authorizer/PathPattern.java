package org.gatehouse.sample.rule.file.authorizer;

import java.util.List;
import java.util.Locale;

/**
 * A path pattern of the rules file, matched segment by segment against the element's normalized
 * request path: a literal segment matches itself, {@code *} one whole non-empty segment, and a
 * final {@code **} any number of segments, none included ({@code /api/**} matches {@code /api},
 * {@code /api/} and everything below it). One trailing slash is not significant on either side, so
 * a rule about {@code /admin} also covers {@code /admin/}.
 *
 * <pre>
 * /orders/&#42;/lines/**    matches /orders/7/lines, /orders/7/lines/ and /orders/7/lines/2, not /orders/lines
 * </pre>
 */
record PathPattern(String text, List<String> segments, boolean anyDepth) {
    /** Characters a pattern segment may hold: RFC 3986 pchar without '%' (patterns are never encoded) and without ';'. */
    private static final String SEGMENT_CHARS = "[A-Za-z0-9._~!$&'()+,=:@-]+";

    PathPattern {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException saying what is wrong, with the 0-based offset of the problem
     *         in {@link PatternException#offset()}
     */
    static PathPattern parse(String text) {
        if (!text.startsWith("/")) {
            throw new PatternException(0, "a path pattern starts with '/'");
        }
        String body = text.length() > 1 && text.endsWith("/") ? text.substring(1, text.length() - 1) : text.substring(1);
        if (body.isEmpty()) {
            return new PathPattern(text, List.of(), false);
        }
        String[] parts = body.split("/", -1);
        int offset = 1;
        boolean anyDepth = false;
        List<String> segments = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("**")) {
                if (i != parts.length - 1) {
                    throw new PatternException(offset, "'**' may only be the last segment");
                }
                anyDepth = true;
            } else if (part.isEmpty()) {
                throw new PatternException(offset, "empty segment ('//'): the element merges repeated slashes, so it would never match");
            } else if (part.equals(".") || part.equals("..")) {
                throw new PatternException(offset, "segment '" + part + "': the element removes dot segments, so it would never match");
            } else if (!part.equals("*") && !part.matches(SEGMENT_CHARS)) {
                throw new PatternException(offset, "segment '" + part + "' holds a character other than letters, digits and "
                        + "-._~!$&'()+,=:@ (no '%', ';', '\\' or spaces), or a '*' that is not the whole segment");
            } else {
                segments.add(part);
            }
            offset += part.length() + 1;
        }
        return new PathPattern(text, segments, anyDepth);
    }

    /**
     * True when the normalized request path matches.
     *
     * @param path       a request path in the element's normal form (checked by the caller)
     * @param ignoreCase compare literal segments without regard to case
     */
    boolean matches(String path, boolean ignoreCase) {
        String body = path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        String[] parts = body.isEmpty() ? new String[0] : body.split("/", -1);
        if (parts.length < segments.size() || (!anyDepth && parts.length != segments.size())) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String want = segments.get(i);
            String have = parts[i];
            if (want.equals("*")) {
                if (have.isEmpty()) {
                    return false;
                }
            } else if (ignoreCase ? !want.toLowerCase(Locale.ROOT).equals(have.toLowerCase(Locale.ROOT)) : !want.equals(have)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A pattern that does not parse, with where in the pattern the problem is. */
    static final class PatternException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        PatternException(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }
}
