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
     * Text from the element made safe for a terminal: control characters (but line feeds and tabs)
     * and invisible formatting characters (bidirectional overrides, zero-width marks) are shown as
     * a backslash, {@code u} and the code point in hex in braces (ESC as {@code u{1b}} after the
     * backslash), so nothing in a rendering can move the cursor, erase a line or reorder what is read.
     */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = c != '\n' && c != '\t' && (type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR);
            if (hidden) {
                shown.append("\\u{").append(Integer.toHexString(c)).append('}');
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
