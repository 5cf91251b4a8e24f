package org.gatehouse.sdk.json;

import java.util.List;

/** A JSON array: its elements in order, unmodifiable. */
public record JsonArray(List<JsonValue> elements) implements JsonValue {
    public JsonArray {
        elements = List.copyOf(elements);
    }
}
