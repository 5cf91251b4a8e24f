package org.gatehouse.extension.services;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/**
 * {@link Json} on Jackson's streaming parser: one value of strict RFC 8259 text, member names
 * unique ({@code STRICT_DUPLICATE_DETECTION}), nothing after the value, at most
 * {@link Json#MAX_DEPTH} deep and {@link Json#MAX_BYTES} long, numbers kept exact. Errors name the
 * problem and {@code [line:col]}. Stateless and thread-safe.
 */
public final class StrictJson implements Json {
    private final JsonFactory factory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_BYTES)
                    .maxStringLength(MAX_BYTES).maxNumberLength(1000).build())
            .build();

    @Override
    public JsonValue read(byte[] utf8) throws JsonException {
        if (utf8.length > MAX_BYTES) {
            throw new JsonException("JSON document of " + utf8.length + " bytes is longer than " + MAX_BYTES, null);
        }
        try (JsonParser parser = factory.createParser(utf8)) {
            return document(parser);
        } catch (JsonException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw problem(e.getOriginalMessage(), e.getLocation(), e);
        } catch (IOException e) {
            throw new JsonException("JSON document cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public JsonValue read(String text) throws JsonException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String write(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toString();
    }

    private static JsonValue document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw problem("no JSON value", parser.currentLocation(), null);
        }
        JsonValue value = value(parser, first);
        if (parser.nextToken() != null) {
            throw problem("content after the JSON value", parser.currentTokenLocation(), null);
        }
        return value;
    }

    private static JsonValue value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, JsonValue> members = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    members.put(name, value(parser, parser.nextToken()));
                }
                return new JsonObject(members);
            }
            case START_ARRAY: {
                List<JsonValue> elements = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    elements.add(value(parser, t));
                }
                return new JsonArray(elements);
            }
            case VALUE_STRING:
                return new JsonString(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JsonNumber(parser.getDecimalValue());
            case VALUE_TRUE:
                return JsonBoolean.TRUE;
            case VALUE_FALSE:
                return JsonBoolean.FALSE;
            case VALUE_NULL:
                return JsonNull.NULL;
            default:
                throw problem("unexpected " + token, parser.currentTokenLocation(), null);
        }
    }

    private static void write(JsonGenerator generator, JsonValue value) throws IOException {
        if (value instanceof JsonObject object) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonValue> member : object.members().entrySet()) {
                generator.writeFieldName(member.getKey());
                write(generator, member.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof JsonArray array) {
            generator.writeStartArray();
            for (JsonValue element : array.elements()) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof JsonString string) {
            generator.writeString(string.value());
        } else if (value instanceof JsonNumber number) {
            generator.writeNumber(number.value());
        } else if (value instanceof JsonBoolean bool) {
            generator.writeBoolean(bool.value());
        } else {
            generator.writeNull();
        }
    }

    private static JsonException problem(String what, JsonLocation where, Throwable cause) {
        String position = where == null ? "" : "[" + where.getLineNr() + ":" + where.getColumnNr() + "] ";
        return new JsonException("JSON " + position + what, cause);
    }
}
