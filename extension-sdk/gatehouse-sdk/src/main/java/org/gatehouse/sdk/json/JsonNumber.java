package org.gatehouse.sdk.json;

import java.math.BigDecimal;
import java.util.Objects;

/** A JSON number, exactly as written (no rounding through {@code double}). */
public record JsonNumber(BigDecimal value) implements JsonValue {
    public JsonNumber {
        Objects.requireNonNull(value, "value");
    }

    /** A number of this long's value. */
    public static JsonNumber of(long value) {
        return new JsonNumber(BigDecimal.valueOf(value));
    }

    /** The value as a long, refusing one with a fraction or out of range ({@link ArithmeticException}). */
    public long longValueExact() {
        return value.longValueExact();
    }
}
