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
 * {@link #value}: control characters, line and paragraph separators, invisible format characters
 * (bidirectional overrides, zero-width characters), every other default-ignorable code point
 * (fillers such as U+3164, the combining grapheme joiner, variation selectors, tag characters),
 * blank symbols (U+2800) and combining marks with no letter to sit on (or more than
 * {@value #MAX_MARKS} on one) are shown by code point, as {@code \}{@code u{202E}}, and long values
 * are cut with their length shown, so no value can start a line of its own, hide a character,
 * reorder what is shown, or imitate the phrase line. {@link #check} validates the assembled text
 * before anyone sees it, by the same rules.
 */
public final class Renderer {
    /** The last line of a rendering starts with these words, followed by the person's phrase. */
    public static final String PHRASE_LINE = "Your anti-spoofing phrase: ";
    static final int MAX_VALUE = 300;
    /** A whole rendering; a change that needs more cannot be shown, and is refused at submission. */
    static final int MAX_TEXT = 256 * 1024;
    /** A rendering without the phrase line, which needs at most a few KiB (its value is cut at {@value #MAX_VALUE} characters). */
    static final int MAX_BODY = MAX_TEXT - 8 * 1024;
    /** Combining marks shown on one letter; more are shown by code point, so no stack can spill over other lines. */
    static final int MAX_MARKS = 4;
    /** Marks seen since the last letter, when there is no letter to sit on. */
    private static final int NO_BASE = -1;

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
        if (text.length() > MAX_BODY) {
            throw new IllegalStateException("what this change does takes " + text.length() + " characters to show, more than the " + MAX_BODY
                    + " a rendering holds: make it in smaller parts");
        }
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
        int marks = NO_BASE;
        int total = raw.codePointCount(0, raw.length());
        for (int i = 0; i < raw.length() && shown < MAX_VALUE; shown++) {
            int c = raw.codePointAt(i);
            i += Character.charCount(c);
            if (shownAsItself(c, marks)) {
                out.appendCodePoint(c);
                marks = next(c, marks);
            } else {
                out.append("\\u{").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append('}');
                marks = NO_BASE;
            }
        }
        if (total > MAX_VALUE) {
            out.append("... (").append(total).append(" characters)");
        }
        return out.toString();
    }

    /** Whether {@code c} is shown as itself after {@code marks} combining marks on a letter ({@link #NO_BASE}: no letter). */
    private static boolean shownAsItself(int c, int marks) {
        if (never(c)) {
            return false;
        }
        return !mark(c) || (marks != NO_BASE && marks < MAX_MARKS);
    }

    /** The marks count after {@code c} was shown as itself: a letter (anything visible but a space) starts a new count. */
    private static int next(int c, int marks) {
        if (mark(c)) {
            return marks + 1;
        }
        return c == ' ' ? NO_BASE : 0;
    }

    private static boolean mark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /** Never shown as itself, wherever it stands: what does not show, or shows as nothing. */
    static boolean never(int c) {
        if (c == ' ') {
            return false;
        }
        int type = Character.getType(c);
        return Character.isISOControl(c) || Character.isWhitespace(c) || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SPACE_SEPARATOR || defaultIgnorable(c) || blank(c);
    }

    /**
     * Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): code points a text
     * renderer shows as nothing when it does not support them, whatever their category; those of
     * category Cf and Cn are caught above too.
     */
    private static boolean defaultIgnorable(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
                || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0
                || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A)
                || (c >= 0xE0000 && c <= 0xE0FFF);
    }

    /** Visible characters that show as blank space without being spaces: the braille blank. */
    private static boolean blank(int c) {
        return c == 0x2800;
    }

    /** The position of the first character of {@code line} not shown as itself, or -1. */
    static int firstHidden(String line) {
        int marks = NO_BASE;
        for (int i = 0; i < line.length(); ) {
            int c = line.codePointAt(i);
            if (!shownAsItself(c, marks)) {
                return i;
            }
            marks = next(c, marks);
            i += Character.charCount(c);
        }
        return -1;
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
            int hidden = firstHidden(line);
            if (hidden >= 0) {
                throw new IllegalStateException("rendering line " + (i + 1) + " holds a character that is not shown as itself (U+"
                        + Integer.toHexString(line.codePointAt(hidden)).toUpperCase(java.util.Locale.ROOT) + " at " + (hidden + 1) + ")");
            }
        }
        if (phraseLines != 1 || !lines[lines.length - 1].isEmpty()) {
            throw new IllegalStateException("a rendering ends with exactly one phrase line");
        }
        return text;
    }
}
