package org.gatehouse.extension.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.gatehouse.sdk.json.Json;
import org.gatehouse.sdk.json.JsonArray;
import org.gatehouse.sdk.json.JsonBoolean;
import org.gatehouse.sdk.json.JsonException;
import org.gatehouse.sdk.json.JsonNull;
import org.gatehouse.sdk.json.JsonNumber;
import org.gatehouse.sdk.json.JsonObject;
import org.gatehouse.sdk.json.JsonString;
import org.gatehouse.sdk.json.JsonValue;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    private final Json json = new StrictJson();

    @Test
    void readsEveryKindOfValueInOrderAndNumbersExactly() throws JsonException {
        JsonValue value = json.read("{\"active\":true,\"sub\":\"ana\",\"exp\":1893456000,\"ratio\":0.1000000000000000055511151231257827,"
                + "\"scope\":[\"read\",\"write\"],\"act\":null,\"nested\":{\"x\":false}}");
        JsonObject object = (JsonObject) value;
        assertEquals(List.of("active", "sub", "exp", "ratio", "scope", "act", "nested"), List.copyOf(object.members().keySet()));
        assertEquals(true, object.bool("active").orElseThrow());
        assertEquals("ana", object.string("sub").orElseThrow());
        assertEquals(1893456000L, ((JsonNumber) object.get("exp").orElseThrow()).longValueExact());
        assertEquals(new BigDecimal("0.1000000000000000055511151231257827"), object.number("ratio").orElseThrow());
        assertEquals(new JsonArray(List.of(new JsonString("read"), new JsonString("write"))), object.get("scope").orElseThrow());
        assertEquals(JsonNull.NULL, object.get("act").orElseThrow());
        assertEquals(JsonBoolean.FALSE, ((JsonObject) object.get("nested").orElseThrow()).get("x").orElseThrow());
        assertTrue(object.string("exp").isEmpty(), "a number is not a string");
    }

    @Test
    void writesWhatItReadsBack() throws JsonException {
        JsonObject object = JsonObject.of(Map.of("token", new JsonString("a\"b\\c\n\u0001"), "n", JsonNumber.of(-42)));
        String text = json.write(object);
        assertEquals(object, json.read(text));
        assertEquals("[1.50,true,null,\"\"]", json.write(json.read(" [ 1.50 , true , null , \"\" ] ")));
    }

    @Test
    void aDuplicateMemberIsRefusedWithItsPosition() {
        JsonException refused = assertThrows(JsonException.class, () -> json.read("{\"active\":false,\n \"active\":true}"));
        assertTrue(refused.getMessage().startsWith("JSON [2:"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Duplicate field 'active'"), refused.getMessage());
    }

    @Test
    void onlyOneStrictValueIsRead() {
        for (String bad : List.of("", "   ", "{\"a\":1} {}", "{\"a\":1}x", "// c\n{}", "{'a':1}", "[1,]", "{\"a\":NaN}", "[01]",
                "\"unterminated", "[1] [2]")) {
            JsonException refused = assertThrows(JsonException.class, () -> json.read(bad), bad);
            assertTrue(refused.getMessage().startsWith("JSON ["), bad + ": " + refused.getMessage());
        }
    }

    @Test
    void nestingIsBounded() throws JsonException {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(json.read(deepest) instanceof JsonArray);
        String deeper = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException refused = assertThrows(JsonException.class, () -> json.read(deeper));
        assertTrue(refused.getMessage().contains("nesting depth"), refused.getMessage());
    }

    @Test
    void malformedUtf8IsRefused() {
        JsonException refused = assertThrows(JsonException.class, () -> json.read(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}));
        assertTrue(refused.getMessage().startsWith("JSON ["), refused.getMessage());
    }
}
