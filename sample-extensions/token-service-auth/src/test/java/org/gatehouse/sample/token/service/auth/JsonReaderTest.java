package org.gatehouse.sample.token.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON reader against RFC 8259: what it accepts and the offset it names for what it refuses. */
class JsonReaderTest {
    @Test
    void readsEveryKindOfValue() {
        Object value = JsonReader.read(" {\"s\":\"a\\\"b\\u00e9\\n\", \"i\": -12, \"d\": 1.5e3, \"t\": true, \"f\": false,"
                + " \"n\": null, \"a\": [1, [\"x\"], {}], \"o\": {\"k\": []}} ");

        Map<?, ?> members = (Map<?, ?>) value;
        assertEquals("a\"b\u00e9\n", members.get("s"));
        assertEquals(-12L, members.get("i"));
        assertEquals(1500.0, members.get("d"));
        assertEquals(Boolean.TRUE, members.get("t"));
        assertEquals(Boolean.FALSE, members.get("f"));
        assertSame(JsonReader.NULL, members.get("n"));
        assertEquals(List.of(1L, List.of("x"), Map.of()), members.get("a"));
        assertEquals(Map.of("k", List.of()), members.get("o"));
        assertEquals(List.of("s", "i", "d", "t", "f", "n", "a", "o"), List.copyOf(members.keySet()), "member order is kept");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"a":1,}                 | JSON: expected a member name at offset 7, found '}'
            {"a":1} x                | JSON: expected end of text at offset 8, found 'x'
            [01]                     | JSON: expected a number at offset 1, found '0'
            [+1]                     | JSON: expected a value at offset 1, found '+'
            {"a":1,"a":2}            | JSON member "a" appears twice (offset 7)
            "\\x"                    | JSON: expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) at offset 2, found 'x'
            `"abc`                   | JSON: expected the rest of a string at offset 4, found the end
            tru                      | JSON: expected a value at offset 0, found 't'
            ``                       | JSON: expected more text at offset 0, found the end
            """)
    void refusesMalformedText(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(json == null ? "" : json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 2) + "]".repeat(JsonReader.MAX_DEPTH + 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(deep));
        assertEquals("JSON nested deeper than 32 at offset 33", e.getMessage());
        assertEquals(List.of(List.of()), JsonReader.read("[".repeat(2) + "]".repeat(2)));
    }

    @Test
    void refusesRawControlCharactersInStrings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read("\"a\nb\""));
        assertEquals("JSON string holds a control character at offset 2", e.getMessage());
    }
}
