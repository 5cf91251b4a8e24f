package org.gatehouse.sdk.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A JSON object: its members by name, in document order, unmodifiable; a name appears once. */
public record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
        Map<String, JsonValue> copy = new LinkedHashMap<>();
        members.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "member name"), Objects.requireNonNull(value, name)));
        members = Collections.unmodifiableMap(copy);
    }

    /** An object of these members, in the map's order. */
    public static JsonObject of(Map<String, ? extends JsonValue> members) {
        return new JsonObject(new LinkedHashMap<>(members));
    }

    /** The member {@code name}, if present. */
    public Optional<JsonValue> get(String name) {
        return Optional.ofNullable(members.get(name));
    }

    /** The member {@code name} when it is a string. */
    public Optional<String> string(String name) {
        return members.get(name) instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
    }

    /** The member {@code name} when it is {@code true} or {@code false}. */
    public Optional<Boolean> bool(String name) {
        return members.get(name) instanceof JsonBoolean b ? Optional.of(b.value()) : Optional.empty();
    }

    /** The member {@code name} when it is a number. */
    public Optional<BigDecimal> number(String name) {
        return members.get(name) instanceof JsonNumber n ? Optional.of(n.value()) : Optional.empty();
    }
}
