package org.gatehouse.sample.token.service.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one JSON text (RFC 8259) into plain Java values: objects become
 * {@code Map<String, Object>} (member order kept; a repeated name is an error), arrays
 * {@code List<Object>}, strings {@code String}, numbers {@code Double} (or {@code Long} when
 * integral and in range), {@code true}/{@code false} {@code Boolean}, {@code null} {@link #NULL}.
 * Nesting is limited, so a hostile answer cannot exhaust the stack. Errors name the offset.
 *
 * <p>Written here rather than embedded, so the bundle carries no library and imports only the SDK.
 */
final class JsonReader {
    /** JSON null, distinct from an absent member. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    static final int MAX_DEPTH = 32;

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * The value of the whole text.
     *
     * @throws IllegalArgumentException naming the offset and what was expected
     */
    static Object read(String text) {
        JsonReader reader = new JsonReader(text);
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.error("end of text");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + " at offset " + at);
        }
        skipSpace();
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw error("a value");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("a member name");
            }
            int nameAt = at;
            String name = string();
            skipSpace();
            expect(':');
            if (members.put(name, value(depth + 1)) != null) {
                throw new IllegalArgumentException("JSON member \"" + name + "\" appears twice (offset " + nameAt + ")");
            }
            skipSpace();
            if (peek() == '}') {
                at++;
                return Collections.unmodifiableMap(members);
            }
            expect(',');
        }
    }

    private List<Object> array(int depth) {
        List<Object> items = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return List.copyOf(items);
        }
        while (true) {
            items.add(value(depth + 1));
            skipSpace();
            if (peek() == ']') {
                at++;
                return Collections.unmodifiableList(items);
            }
            expect(',');
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next("the rest of a string");
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("JSON string holds a control character at offset " + (at - 1));
            }
            out.append(c == '\\' ? escape() : c);
        }
    }

    private char escape() {
        char c = next("an escape");
        switch (c) {
            case '"': case '\\': case '/': return c;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (at + 4 > text.length()) {
                    throw error("four hex digits");
                }
                try {
                    char decoded = (char) Integer.parseInt(text.substring(at, at + 4), 16);
                    at += 4;
                    return decoded;
                } catch (NumberFormatException e) {
                    throw error("four hex digits");
                }
            default:
                at--;
                throw error("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String literal = text.substring(start, at);
        // RFC 8259 section 6: no leading zeros, no leading '+', digits around the point
        if (!literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            at = start;
            throw error("a number");
        }
        if (literal.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(literal);
        }
        return Double.parseDouble(literal);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("a value");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        at++;
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("more text");
        }
        return text.charAt(at);
    }

    private char next(String expected) {
        if (at >= text.length()) {
            throw error(expected);
        }
        return text.charAt(at++);
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = at >= text.length() ? "the end" : "'" + text.charAt(at) + "'";
        return new IllegalArgumentException("JSON: expected " + expected + " at offset " + at + ", found " + found);
    }
}
