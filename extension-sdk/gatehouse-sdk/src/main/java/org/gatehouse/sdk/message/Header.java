package org.gatehouse.sdk.message;

/**
 * One header field. Names are RFC 9110 tokens (section 5.1) and values hold no CR, LF or NUL
 * (section 5.5), so a header built by extension code can never split a response or smuggle a
 * second header.
 *
 * @param name  the field name as written, case preserved
 * @param value the field value without leading or trailing whitespace
 */
public record Header(String name, String value) {
    public Header {
        requireToken(name);
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "': value must not be null");
        }
        value = value.strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header '" + name + "': value holds a CR, LF or NUL character at index " + i
                        + " (RFC 9110 section 5.5)");
            }
        }
    }

    /** True when both names are the same header (names are case-insensitive, RFC 9110 section 5.1). */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    static void requireToken(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name '" + name + "' is not an RFC 9110 token: character at index " + i);
            }
        }
    }

    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
