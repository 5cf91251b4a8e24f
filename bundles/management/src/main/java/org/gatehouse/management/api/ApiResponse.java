package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A response: status, content type, body bytes and extra headers. */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, Json.bytes(body), Map.of());
    }

    public static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    /** The one error body shape: {@code {"error":{status, code, message, details[, command]}}}. */
    public static ApiResponse error(ApiException e) {
        ObjectNode error = Json.object();
        error.put("status", e.status());
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.set("details", Json.array(e.details()));
        e.commandId().ifPresent(id -> error.put("command", id));
        ObjectNode body = Json.object();
        body.set("error", error);
        return new ApiResponse(e.status(), JSON, Json.bytes(body), e.headers());
    }
}
