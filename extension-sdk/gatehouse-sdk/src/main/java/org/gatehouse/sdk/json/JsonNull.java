package org.gatehouse.sdk.json;

/** {@code null}. */
public record JsonNull() implements JsonValue {
    public static final JsonNull NULL = new JsonNull();
}
