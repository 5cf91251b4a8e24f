package org.gatehouse.sdk.json;

/** One JSON value: an object, an array, a string, a number, {@code true}/{@code false} or {@code null}. */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {
}
