package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Binds an {@code xs:list} of names ({@code "public secure"}) to a list. */
public final class NameListDeserializer extends StdDeserializer<List<String>> {
    private static final long serialVersionUID = 1L;

    public NameListDeserializer() {
        super(List.class);
    }

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.copyOf(Arrays.asList(text.trim().split("\\s+")));
    }
}
