package org.gatehouse.management.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A command as JSON: the same object in the journal (one a line) and in API responses.
 *
 * <pre>{@code
 * {"id":"...","type":"extension.enable","target":"com.acme.limiter","parameters":{},
 *  "submitter":"alice","role":"admin","canonicalForm":"Enable extension [com.acme.limiter]","state":"done",
 *  "rendering":"...","basis":{"extension:com.acme.limiter":3},"confirmedBy":"bob","expiresAt":"2026-...Z",
 *  "reason":null,"result":"com.acme.limiter 1.0.0 enabled",
 *  "submittedAt":"2026-...Z","updatedAt":"2026-...Z"}
 * }</pre>
 */
public final class CommandJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CommandJson() {
    }

    public static ObjectNode toJson(Command c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", c.id());
        node.put("type", c.type().wireName());
        node.put("target", c.target());
        ObjectNode parameters = node.putObject("parameters");
        c.parameters().forEach(parameters::put);
        node.put("submitter", c.submitter());
        node.put("role", c.role());
        node.put("canonicalForm", c.canonicalForm());
        node.put("state", c.state().wireName());
        node.put("rendering", c.rendering());
        ObjectNode basis = node.putObject("basis");
        c.basis().forEach(basis::put);
        node.put("confirmedBy", c.confirmedBy().orElse(null));
        node.put("expiresAt", c.expiresAt().map(Instant::toString).orElse(null));
        node.put("reason", c.reason().orElse(null));
        node.put("result", c.result().orElse(null));
        node.put("submittedAt", c.submittedAt().toString());
        node.put("updatedAt", c.updatedAt().toString());
        return node;
    }

    /**
     * Reads a command back; a missing or malformed field is an IllegalArgumentException naming it.
     * Records written before commands had a role and a rendering read with both empty.
     */
    public static Command fromJson(JsonNode node) {
        Map<String, String> parameters = new TreeMap<>();
        JsonNode raw = node.path("parameters");
        for (Map.Entry<String, JsonNode> e : raw.properties()) {
            parameters.put(e.getKey(), e.getValue().asText());
        }
        Map<String, Long> basis = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.path("basis").properties()) {
            if (!e.getValue().canConvertToLong()) {
                throw new IllegalArgumentException("field 'basis." + e.getKey() + "' is not a whole number");
            }
            basis.put(e.getKey(), e.getValue().asLong());
        }
        return new Command(text(node, "id"), CommandType.fromWireName(text(node, "type")), text(node, "target"),
                new TreeMap<>(parameters), text(node, "submitter"), optional(node, "role").orElse(""), text(node, "canonicalForm"),
                CommandState.fromWireName(text(node, "state")), optional(node, "rendering").orElse(""), new TreeMap<>(basis),
                optional(node, "confirmedBy"), optional(node, "expiresAt").map(Instant::parse), optional(node, "reason"),
                optional(node, "result"), Instant.parse(text(node, "submittedAt")), Instant.parse(text(node, "updatedAt")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
