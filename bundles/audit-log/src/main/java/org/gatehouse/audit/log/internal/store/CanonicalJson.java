package org.gatehouse.audit.log.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one JSON form of the audit files: a flat object whose members are sorted by name and whose
 * values are strings or non-negative integers, with no white space; strings escape only the quote,
 * the backslash and the control characters (the short escapes where JSON has one, else a
 * six-character escape with four lower-case hex digits), everything else is UTF-8 as it is. One value has one encoding, so the bytes can
 * be hashed and signed. {@link #parse} takes nothing else: a line that does not re-encode to
 * itself byte for byte is refused.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /** Encodes the members (String or Long values), sorted by name. */
    public static byte[] encode(SortedMap<String, Object> members) {
        StringBuilder out = new StringBuilder(128);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> member : members.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, member.getKey());
            out.append(':');
            Object value = member.getValue();
            if (value instanceof Long number && number >= 0) {
                out.append(number.longValue());
            } else if (value instanceof String text) {
                string(out, text);
            } else {
                throw new IllegalArgumentException("member " + member.getKey() + " must be a string or a non-negative integer, not " + value);
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a canonical object, in the order written; throws with the column of the first problem. */
    public static Map<String, Object> parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new IllegalArgumentException("not UTF-8");
        }
        Map<String, Object> members = new Reader(text).object();
        TreeMap<String, Object> sorted = new TreeMap<>(members);
        if (!Arrays.equals(encode(sorted), bytes)) {
            throw new IllegalArgumentException("not in canonical form (member order, escapes or numbers)");
        }
        return members;
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("unpaired surrogate at index " + i + ": not text that UTF-8 can keep exactly");
                }
                out.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A strict reader of the flat objects above; canonical form is checked by re-encoding. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Map<String, Object> object() {
            Map<String, Object> members = new LinkedHashMap<>();
            expect('{');
            if (peek() != '}') {
                do {
                    String name = string();
                    expect(':');
                    Object value = peek() == '"' ? string() : number();
                    if (members.put(name, value) != null) {
                        throw problem("member " + name + " twice");
                    }
                } while (accept(','));
            }
            expect('}');
            if (at != text.length()) {
                throw problem("text after the object");
            }
            return members;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw problem("short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw problem("bad \\u escape");
                        }
                        at += 4;
                    }
                    default -> throw problem("bad escape \\" + e);
                }
            }
        }

        private Long number() {
            int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            if (start == at || at - start > 18) {
                throw problem("expected a string or a non-negative integer");
            }
            return Long.parseLong(text.substring(start, at));
        }

        private char peek() {
            if (at >= text.length()) {
                throw problem("unexpected end");
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private boolean accept(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw problem("expected '" + c + "'");
            }
        }

        private IllegalArgumentException problem(String what) {
            return new IllegalArgumentException("[col " + (at + 1) + "] " + what);
        }
    }
}
