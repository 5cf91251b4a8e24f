package org.gatehouse.dataplane.http1;

/** Character classes of RFC 9110 section 5.6.2. */
final class Tokens {
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private Tokens() {
    }

    static boolean isTchar(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || TCHAR_SYMBOLS.indexOf(b) >= 0;
    }

    static String describe(int b) {
        if (b == '\n') {
            return "a bare LF";
        }
        return b > 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("the byte 0x%02X", b);
    }
}
