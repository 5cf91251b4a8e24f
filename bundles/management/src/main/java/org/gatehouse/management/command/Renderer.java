package org.gatehouse.management.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one text a person is shown before confirming a command (docs/management.md "The
 * rendering"), made by trusted code from the command and what it will do. Every value that came
 * from a client or an uploaded file (names, file names, parameters, permissions) goes through
 * {@link #value}: control characters, line and paragraph separators and invisible format
 * characters (bidirectional overrides, zero-width characters) are shown by code point, as {@code \}{@code u{202E}},
 * and long values are cut with their length shown, so no value can start a line of its own,
 * reorder what is shown, or imitate the phrase line. {@link #check} validates the assembled text
 * before anyone sees it.
 */
public final class Renderer {
    /** The last line of a rendering starts with these words, followed by the person's phrase. */
    public static final String PHRASE_LINE = "Your anti-spoofing phrase: ";
    static final int MAX_VALUE = 300;
    static final int MAX_TEXT = 64 * 1024;

    private Renderer() {
    }

    /**
     * The rendering of a command without the person's line: heading, canonical form, who asks and
     * in which role, what it will do, what it was worked out from, and who may confirm it.
     */
    public static String body(Command command, List<String> effects, Map<String, Long> basis, String confirmation) {
        StringBuilder text = new StringBuilder();
        text.append("Command ").append(value(command.id())).append('\n');
        text.append(command.type().sentence()).append(" [").append(value(command.target())).append("]\n");
        command.parameters().forEach((name, v) -> text.append("  ").append(value(name)).append(": ").append(value(v)).append('\n'));
        text.append("Submitted by ").append(value(command.submitter())).append(" acting as ").append(value(command.role()))
                .append(" at ").append(command.submittedAt()).append('\n');
        text.append('\n').append("What it will do:").append('\n');
        for (String effect : effects) {
            text.append("  ").append(value(effect)).append('\n');
        }
        text.append('\n').append("Worked out from:");
        if (basis.isEmpty()) {
            text.append(" nothing that can change");
        }
        text.append('\n');
        basis.forEach((object, count) -> text.append("  ").append(value(object)).append(" at modification ").append(count).append('\n'));
        text.append("Confirmation: ").append(value(confirmation)).append('\n');
        return text.toString();
    }

    /** The whole text shown to one person: the body, then their phrase. Checked before it is returned. */
    public static String forPerson(String body, String phrase) {
        return check(body + '\n' + PHRASE_LINE + value(phrase) + '\n');
    }

    /** The text recorded in the audit log for what {@code person} was shown: the phrase itself is left out. */
    public static String forAudit(String body, String person) {
        return body + '\n' + PHRASE_LINE + "(the phrase of " + value(person) + ")\n";
    }

    /** SHA-256 of the text's UTF-8 bytes, lower-case hex: what a confirmation names. */
    public static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A value as it may appear in a rendering: one line, nothing invisible, at most {@value #MAX_VALUE} characters shown. */
    public static String value(String raw) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int total = raw.codePointCount(0, raw.length());
        for (int i = 0; i < raw.length() && shown < MAX_VALUE; shown++) {
            int c = raw.codePointAt(i);
            i += Character.charCount(c);
            if (visible(c)) {
                out.appendCodePoint(c);
            } else {
                out.append("\\u{").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append('}');
            }
        }
        if (total > MAX_VALUE) {
            out.append("... (").append(total).append(" characters)");
        }
        return out.toString();
    }

    private static boolean visible(int c) {
        if (c == ' ') {
            return true;
        }
        int type = Character.getType(c);
        return !(Character.isISOControl(c) || Character.isWhitespace(c) || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SPACE_SEPARATOR);
    }

    /**
     * Validates a rendering before display: bounded, lines of visible characters and spaces only,
     * and exactly one phrase line, the last. A rendering that fails was not made by this class's
     * rules and is never shown.
     */
    public static String check(String text) {
        if (text.length() > MAX_TEXT) {
            throw new IllegalStateException("a rendering of " + text.length() + " characters is too long to be shown");
        }
        String[] lines = text.split("\n", -1);
        int phraseLines = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(PHRASE_LINE)) {
                phraseLines++;
                if (i != lines.length - 2) {
                    throw new IllegalStateException("rendering line " + (i + 1) + " imitates the phrase line");
                }
            }
            if (!line.codePoints().allMatch(Renderer::visible)) {
                throw new IllegalStateException("rendering line " + (i + 1) + " holds a character that is not shown as itself");
            }
        }
        if (phraseLines != 1 || !lines[lines.length - 1].isEmpty()) {
            throw new IllegalStateException("a rendering ends with exactly one phrase line");
        }
        return text;
    }
}
