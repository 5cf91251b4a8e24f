package org.gatehouse.runtime.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The person at the command line: questions on standard output, answers from standard input, and
 * secrets read without echo from the console when there is one (from standard input, a line each,
 * when there is none: a pipe or a test).
 */
final class Prompt {
    /** Combining marks shown on one letter; more are shown by code point. */
    private static final int MAX_MARKS = 4;

    private final BufferedReader in;
    private final Optional<Console> console;
    private final PrintStream out;

    Prompt(BufferedReader in, Optional<Console> console, PrintStream out) {
        this.in = in;
        this.console = console;
        this.out = out;
    }

    /** Asks until one of {@code words} is typed exactly; empty at the end of input. */
    Optional<String> oneOf(String question, String... words) throws CliFailure {
        while (true) {
            out.print(question);
            out.flush();
            String line = line();
            if (line == null) {
                out.println();
                return Optional.empty();
            }
            for (String word : words) {
                if (word.equals(line)) {
                    return Optional.of(word);
                }
            }
        }
    }

    /** A secret, not echoed when typed at a console; empty at the end of input. */
    Optional<String> secret(String question) throws CliFailure {
        if (console.isPresent()) {
            char[] typed = console.get().readPassword("%s", question);
            return typed == null ? Optional.empty() : Optional.of(new String(typed));
        }
        out.print(question);
        out.flush();
        return Optional.ofNullable(line());
    }

    private String line() throws CliFailure {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new CliFailure(CliFailure.REFUSED, "cannot read the answer: " + e.getMessage());
        }
    }

    /**
     * Text from the element made safe for a terminal: control characters (but line feeds and tabs),
     * invisible formatting characters (bidirectional overrides, zero-width marks), the other
     * default-ignorable code points (fillers such as U+3164, the combining grapheme joiner,
     * variation selectors, tag characters), the braille blank, and combining marks with no letter
     * to sit on or more than four on one, are shown as a backslash, {@code u} and the code point in
     * hex in braces (ESC as {@code u{1b}} after the backslash), so nothing in a rendering can move
     * the cursor, erase a line, hide a character or reorder what is read. The element's renderings
     * already show them so (docs/management.md "The rendering"); this holds for any text.
     */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        int marks = -1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean mark = isMark(c);
            if (c == '\n' || c == '\t' || (!hidden(c) && (!mark || (marks >= 0 && marks < MAX_MARKS)))) {
                shown.appendCodePoint(c);
                marks = mark ? marks + 1 : (Character.isWhitespace(c) || Character.isSpaceChar(c) ? -1 : 0);
            } else {
                shown.append("\\u{").append(Integer.toHexString(c)).append('}');
                marks = -1;
            }
        }
        return shown.toString();
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /** Shown by code point wherever it stands (line feeds and tabs aside, which the caller keeps). */
    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
                || (c >= 0x180B && c <= 0x180F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFFA0 || c == 0x2800
                || (c >= 0xE0000 && c <= 0xE0FFF);
    }
}
