package org.gatehouse.channels.policy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether an HTTP path is in the one form the data plane gives it (docs/data-plane.md "One view of
 * the request") and nothing a second decoder could read another way. The channel policy matches
 * only such paths and normalizes nothing itself: a path that is not in this form matches no
 * pattern, so its channel's filter refuses it.
 *
 * <p>In this form a path starts with {@code /}; has no empty segment (a trailing {@code /} aside),
 * no {@code .} or {@code ..} segment; holds only RFC 3986 path characters, no {@code ;} (path
 * parameters), {@code \}, space, control or raw non-ASCII character; and escapes {@code %HH} only
 * with upper-case hex, never of an unreserved character (those are decoded: so {@code %2E} and
 * {@code %2e} are refused), of {@code /}, {@code \} or {@code %} (so a double encoding such as
 * {@code %252E} is refused), or of a control character; the escaped bytes are valid UTF-8 (so the
 * overlong {@code %C0%AE} is refused).
 */
final class NormalPath {
    private static final String UNRESERVED_MARKS = "-._~";
    private static final String ALLOWED_MARKS = "-._~!$&'()*+,=:@";

    private NormalPath() {
    }

    /** The reason {@code path} is not in normal form, or null when it is. */
    static String problem(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return "does not start with '/'";
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                return "has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment";
            }
            String problem = segmentProblem(segment);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String segmentProblem(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || hex(segment.charAt(i + 1)) < 0 || hex(segment.charAt(i + 2)) < 0) {
                    return "has a '%' that starts no upper-case %HH escape";
                }
                int b = hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2));
                String escaped = escapeProblem(b);
                if (escaped != null) {
                    return escaped;
                }
                bytes.write(b);
                i += 2;
            } else if (isLetterOrDigit(c) || ALLOWED_MARKS.indexOf(c) >= 0) {
                bytes.write(c);
            } else {
                return "has the character " + describe(c);
            }
        }
        return utf8(bytes.toByteArray()) ? null : "escapes bytes that are not UTF-8";
    }

    private static String escapeProblem(int b) {
        if (b < 0x80 && (isLetterOrDigit((char) b) || UNRESERVED_MARKS.indexOf(b) >= 0)) {
            return "escapes the unreserved character '" + (char) b + "'";
        }
        if (b == '/' || b == '\\' || b == '%') {
            return "escapes '" + (char) b + "'";
        }
        if (b < 0x20 || b == 0x7f) {
            return "escapes a control character";
        }
        return null;
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The value of an upper-case hex digit, or -1: lower-case hex is not the normal form. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
