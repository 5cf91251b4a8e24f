package org.gatehouse.management.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What a value may show as itself in a rendering (docs/management.md "The rendering"): every
 * character that shows as nothing, or as blank, is shown by its code point, whatever its Unicode
 * category; combining marks only on a letter, and only a few; {@link Renderer#check} refuses a line
 * holding any of them raw.
 */
class RendererTest {

    /** Invisible or blank code points outside category Cf, and a few of Cf for comparison. */
    private static final List<Integer> INVISIBLE = List.of(0x3164, 0x115F, 0x1160, 0xFFA0, 0x2800, 0x034F, 0xFE0F, 0xFE00, 0xE0100,
            0xE01EF, 0xE0041, 0xE0001, 0x17B4, 0x17B5, 0x180B, 0x180F, 0x00AD, 0x200B, 0x202E, 0x2066, 0xFEFF, 0x061C, 0x1D173,
            0xFFF0, 0x2065);

    @Test
    void invisibleAndBlankCodePointsAreShownByCodePointWhateverTheirCategory() {
        for (int c : INVISIBLE) {
            String shown = Renderer.value("limiter" + Character.toString(c) + ".jar");
            assertEquals("limiter\\u{" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "}.jar", shown,
                    "U+" + Integer.toHexString(c) + " (category " + Character.getType(c) + ")");
            assertThrows(IllegalStateException.class, () -> Renderer.check("  bundle.file: limiter" + Character.toString(c) + ".jar\n"
                    + Renderer.PHRASE_LINE + "x\n"), "check refuses U+" + Integer.toHexString(c) + " raw");
        }
    }

    @Test
    void aVariationSelectorIsShownByCodePointEvenAfterALetter() {
        assertEquals("a\\u{FE0F}", Renderer.value("a\uFE0F"));
        assertEquals("\u2764\\u{FE0F}", Renderer.value("\u2764\uFE0F"));
    }

    @Test
    void combiningMarksShowOnALetterAndNowhereElse() {
        assertEquals("caf\u0065\u0301", Renderer.value("caf\u0065\u0301"), "a mark on a letter is part of how the letter is written");
        assertEquals("\u0915\u093F", Renderer.value("\u0915\u093F"), "a spacing mark of Devanagari on its consonant");
        assertEquals("\\u{301}x", Renderer.value("\u0301x"), "a mark at the start of a value would sit on what precedes the value");
        assertEquals("a \\u{301}", Renderer.value("a \u0301"), "a mark on a space stands alone");
        assertEquals("\\u{200B}\\u{301}", Renderer.value("\u200B\u0301"), "a mark after something shown by code point stands alone");
        assertEquals("\\u{20DD}", Renderer.value("\u20DD"), "an enclosing mark alone");
        String four = "a" + "\u0301".repeat(4);
        assertEquals(four, Renderer.value(four));
        assertEquals(four + "\\u{301}\\u{301}", Renderer.value(four + "\u0301\u0301"), "no stack taller than four marks");
        assertEquals(-1, Renderer.firstHidden("  name: " + four));
        assertEquals(8, Renderer.firstHidden("  name: " + "\u0301"));
    }

    @Test
    void checkAcceptsWhatValueMadeAndRefusesAStandingMark() {
        String line = "  bundle.file: " + Renderer.value("\u0301limiter\u3164\u034F.jar");
        assertEquals("  bundle.file: \\u{301}limiter\\u{3164}\\u{34F}.jar", line);
        String text = line + "\n" + Renderer.PHRASE_LINE + Renderer.value("green lanterns") + "\n";
        assertEquals(text, Renderer.check(text));
        IllegalStateException standing = assertThrows(IllegalStateException.class, () -> Renderer.check("  bundle.file: \u0301x\n"
                + Renderer.PHRASE_LINE + "x\n"));
        assertTrue(standing.getMessage().contains("U+301 at 16"), standing.getMessage());
    }

    @Test
    void everyValueOfTheOrdinaryScriptsShowsAsItself() {
        for (String name : List.of("limiter.jar", "Zähler-v2.jar", "счётчик.jar", "計數器.jar", "ограничитель rate.jar", "שלום.jar",
                "Tiếng Việt.jar", "\uD83D\uDE00.jar")) {
            assertEquals(name, Renderer.value(name));
            assertFalse(Renderer.firstHidden(name) >= 0, name);
        }
    }

    @Test
    void aRenderingTooLongToShowIsRefusedWhenItIsMade() {
        Command command = Command.submitted("c-1", CommandRequest.of(CommandType.FLOWS_REPLACE, "flows", java.util.Map.of()), "alice",
                "admin", java.time.Instant.EPOCH);
        List<String> many = java.util.Collections.nCopies(Renderer.MAX_BODY / 100, "x".repeat(120));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Renderer.body(command, many, java.util.Map.of(),
                "by a user holding the role admin"));
        assertTrue(refused.getMessage().contains("make it in smaller parts"), refused.getMessage());
    }
}
