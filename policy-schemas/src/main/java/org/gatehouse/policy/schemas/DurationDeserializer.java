package org.gatehouse.policy.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in Gatehouse documents: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        Duration parsed = parse(text);
        if (parsed == null) {
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "expected a duration such as 250ms, 2s, 5m or 1h");
        }
        return parsed;
    }

    /** Parses the document form of a duration, or returns null when the text is not one. */
    static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            default: return Duration.ofHours(n);
        }
    }
}
