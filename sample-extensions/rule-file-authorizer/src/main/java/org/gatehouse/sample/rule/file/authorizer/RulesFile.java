package org.gatehouse.sample.rule.file.authorizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules file format, one rule per line, four fields separated by spaces or tabs:
 *
 * <pre>
 * # effect  subject               methods      path pattern
 * allow     group:ops             *            /admin/**
 * deny      user:mallory          *            /**
 * allow     claim:scope=orders    GET,HEAD     /orders/**
 * allow     *                     GET          /status
 * </pre>
 *
 * <p>Subjects: {@code *} (any authenticated identity), {@code user:NAME}, {@code group:NAME},
 * {@code claim:NAME=VALUE}. Methods: {@code *} or a comma-separated list in upper case (methods are
 * case-sensitive, RFC 9110 section 9.1). Path patterns: see {@link PathPattern}. Blank lines and
 * everything from a {@code #} that starts a field are ignored. A problem is reported as
 * {@code <file> [line:col]: <what>}; the file is refused whole.
 */
final class RulesFile {
    /** A rules file is a short list: a larger one is a mistake, and every request walks the list. */
    static final int MAX_BYTES = 256 * 1024;

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,32}");
    private static final Pattern NAME = Pattern.compile("[^\\s=]{1,256}");
    private static final Pattern VALUE = Pattern.compile("\\S{1,1024}");

    private RulesFile() {
    }

    /**
     * The rules of a file, in order.
     *
     * @param source how to name the file in errors
     * @throws IllegalArgumentException {@code source [line:col]: what is wrong}
     */
    static List<AccessRule> parse(String source, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new IllegalArgumentException(source + ": " + content.length + " bytes or more, more than the " + MAX_BYTES
                    + " a rules file may have");
        }
        String text = decode(source, content);
        String[] lines = text.split("\r?\n", -1);
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            List<Field> fields = fields(lines[i]);
            if (!fields.isEmpty()) {
                rules.add(rule(new Place(source, i + 1), fields));
            }
        }
        return List.copyOf(rules);
    }

    /** A field of a line and its 1-based column. */
    private record Field(String text, int column) {
    }

    /** Where a rule is, to name it in errors. */
    private record Place(String source, int line) {
        IllegalArgumentException error(int column, String what) {
            return new IllegalArgumentException(source + " [" + line + ":" + column + "]: " + what);
        }
    }

    private static List<Field> fields(String line) {
        List<Field> fields = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            fields.add(new Field(line.substring(start, i), start + 1));
        }
        return fields;
    }

    private static AccessRule rule(Place place, List<Field> fields) {
        if (fields.size() != 4) {
            // too many: at the fifth field; too few: just past the last one, where the next was expected
            Field last = fields.get(fields.size() - 1);
            int column = fields.size() > 4 ? fields.get(4).column() : last.column() + last.text().length();
            throw place.error(column, "a rule has 4 fields (allow|deny subject methods path-pattern), this line has "
                    + fields.size());
        }
        Field effect = fields.get(0);
        if (!effect.text().equals("allow") && !effect.text().equals("deny")) {
            throw place.error(effect.column(), "'" + effect.text() + "' is not allow or deny");
        }
        AccessRule.Subject subject = subject(place, fields.get(1));
        Set<String> methods = methods(place, fields.get(2));
        Field pattern = fields.get(3);
        PathPattern path;
        try {
            path = PathPattern.parse(pattern.text());
        } catch (PathPattern.PatternException e) {
            throw place.error(pattern.column() + e.offset(), "path pattern '" + pattern.text() + "': " + e.getMessage());
        }
        return new AccessRule(effect.text().equals("allow"), subject, methods, path, place.line());
    }

    private static AccessRule.Subject subject(Place place, Field field) {
        String text = field.text();
        if (text.equals("*")) {
            return new AccessRule.Subject.Anyone();
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        int restColumn = field.column() + colon + 1;
        switch (kind) {
            case "user":
                return new AccessRule.Subject.User(value(place, restColumn, rest, "user:NAME"));
            case "group":
                return new AccessRule.Subject.Group(value(place, restColumn, rest, "group:NAME"));
            case "claim":
                int equals = rest.indexOf('=');
                if (equals <= 0 || !NAME.matcher(rest.substring(0, equals)).matches()) {
                    throw place.error(restColumn, "a claim subject is claim:NAME=VALUE, not '" + text + "'");
                }
                return new AccessRule.Subject.Claim(rest.substring(0, equals),
                        value(place, restColumn + equals + 1, rest.substring(equals + 1), "claim:NAME=VALUE"));
            default:
                throw place.error(field.column(), "unknown subject '" + text + "': write *, user:NAME, group:NAME or claim:NAME=VALUE");
        }
    }

    private static String value(Place place, int column, String value, String form) {
        if (!VALUE.matcher(value).matches()) {
            throw place.error(column, "the subject needs a name: " + form);
        }
        return value;
    }

    private static Set<String> methods(Place place, Field field) {
        if (field.text().equals("*")) {
            return Set.of();
        }
        Set<String> methods = new LinkedHashSet<>();
        int column = field.column();
        for (String method : field.text().split(",", -1)) {
            if (!METHOD.matcher(method).matches()) {
                String hint = METHOD.matcher(method.toUpperCase(java.util.Locale.ROOT)).matches()
                        ? ": methods are case-sensitive (RFC 9110 section 9.1), write '" + method.toUpperCase(java.util.Locale.ROOT) + "'"
                        : ": write * or methods in upper case separated by commas, such as GET,HEAD";
                throw place.error(column, "method '" + method + "'" + hint);
            }
            methods.add(method);
            column += method.length() + 1;
        }
        return methods;
    }

    /** The text, strictly UTF-8; a bad byte is named by its line. */
    private static String decode(String source, byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (content[i] == '\n') {
                    line++;
                }
            }
            throw new IllegalArgumentException(source + " [" + line + "]: not UTF-8 (byte " + (in.position() + 1) + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
