package org.gatehouse.dataplane.request;

/**
 * Percent-escapes of a path or query (RFC 3986 section 2.1 and 6.2.2): unreserved characters are
 * decoded, every other escape is kept with upper-case hex; malformed escapes, escaped control
 * characters, an escaped slash, backslash or semicolon in the path and escaped bytes that are not
 * strict UTF-8 (overlong forms, surrogates, code points past U+10FFFF, RFC 3629 section 3) are
 * refused, so no upstream can decode them differently.
 */
final class PercentCoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCoding() {
    }

    /** RFC 3986 section 2.3. */
    static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * Reads the escape (and, for a byte above 0x7F, the whole UTF-8 sequence) at {@code at} and
     * appends its normal form to {@code out}.
     *
     * @return the index after what was read
     */
    static int appendEscape(String text, int at, StringBuilder out, String part) throws TargetRefusal {
        int b = escapedByte(text, at, part);
        if (isUnreserved(b)) {
            out.append((char) b);
            return at + 3;
        }
        if (b < 0x20 || b == 0x7f) {
            throw TargetRefusal.badTarget("the " + part + " holds an escaped control character (%" + hex(b) + ")");
        }
        if ((b == '/' || b == '\\') && part.equals("path")) {
            // an upstream that decodes it would see a segment boundary the element did not
            throw TargetRefusal.badTarget("the " + part + " holds an escaped " + (b == '/' ? "slash (%2F)" : "backslash (%5C)"));
        }
        if (b == ';' && part.equals("path")) {
            // an upstream that decodes before it cuts path parameters reads "/%3Bx/a" as "/a" and
            // "/a/..%3B/b" as "/b": a path the element did not classify
            throw TargetRefusal.badTarget("the path holds an escaped ';' (%3B)");
        }
        if (b < 0x80) {
            appendHex(out, b);
            return at + 3;
        }
        return appendUtf8(text, at, b, out, part);
    }

    private static int appendUtf8(String text, int at, int lead, StringBuilder out, String part) throws TargetRefusal {
        int continuation;
        int low = 0x80;
        int high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            continuation = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            continuation = 2;
            low = lead == 0xe0 ? 0xa0 : 0x80;   // E0 80..9F would be overlong
            high = lead == 0xed ? 0x9f : 0xbf;  // ED A0..BF would be a surrogate
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            continuation = 3;
            low = lead == 0xf0 ? 0x90 : 0x80;   // F0 80..8F would be overlong
            high = lead == 0xf4 ? 0x8f : 0xbf;  // F4 90.. would be past U+10FFFF
        } else {
            throw invalidUtf8(part);             // C0, C1 (overlong) and F5..FF never start a sequence
        }
        appendHex(out, lead);
        int next = at + 3;
        for (int i = 0; i < continuation; i++) {
            int b = escapedByte(text, next, part);
            if (b < (i == 0 ? low : 0x80) || b > (i == 0 ? high : 0xbf)) {
                throw invalidUtf8(part);
            }
            appendHex(out, b);
            next += 3;
        }
        return next;
    }

    private static TargetRefusal invalidUtf8(String part) {
        return TargetRefusal.badTarget("the " + part + " holds escaped bytes that are not UTF-8");
    }

    private static int escapedByte(String text, int at, String part) throws TargetRefusal {
        if (at + 2 >= text.length() || text.charAt(at) != '%') {
            throw TargetRefusal.badTarget("the " + part + " has an incomplete percent-escape");
        }
        int high = Character.digit(text.charAt(at + 1), 16);
        int low = Character.digit(text.charAt(at + 2), 16);
        if (high < 0 || low < 0 || text.charAt(at + 1) > 0x7f || text.charAt(at + 2) > 0x7f) {
            throw TargetRefusal.badTarget("the " + part + " has a malformed percent-escape");
        }
        return high << 4 | low;
    }

    private static void appendHex(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    static String hex(int b) {
        return "" + HEX[b >> 4] + HEX[b & 0xf];
    }
}
