package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the command line prints of text from the element: nothing that moves the cursor or shows as nothing. */
class PromptTest {

    @Test
    void controlFormatAndDefaultIgnorableCharactersArePrintedByCodePoint() {
        assertEquals("a\\u{1b}[2J\\u{202e}b\n\tc", Prompt.printable("a\u001b[2J\u202eb\n\tc"));
        for (int c : List.of(0x3164, 0x115F, 0x1160, 0xFFA0, 0x2800, 0x034F, 0xFE0F, 0xE0100, 0xE0041, 0x200B)) {
            assertEquals("x\\u{" + Integer.toHexString(c) + "}y", Prompt.printable("x" + Character.toString(c) + "y"),
                    "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void combiningMarksArePrintedOnALetterOnly() {
        assertEquals("cafe\u0301", Prompt.printable("cafe\u0301"));
        assertEquals("\\u{301}x", Prompt.printable("\u0301x"));
        assertEquals("a \\u{301}", Prompt.printable("a \u0301"));
        assertEquals("\n\\u{301}", Prompt.printable("\n\u0301"), "a mark at the start of a line");
        String four = "a" + "\u0301".repeat(4);
        assertEquals(four + "\\u{301}", Prompt.printable(four + "\u0301"));
    }
}
