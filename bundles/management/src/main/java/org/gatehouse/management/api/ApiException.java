package org.gatehouse.management.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every refusal and failure of the API, rendered as the one error body
 * {@code {"error":{"status":422,"code":"qualification_denied","message":"...","details":[...]}}}
 * (with {@code "command"} when a command was recorded). {@link #headers()} carries the headers the
 * status needs, such as {@code WWW-Authenticate} on 401 (RFC 9110 section 11.6.1).
 */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final List<String> details;
    private final transient Map<String, String> headers;
    private final String commandId;

    public ApiException(int status, String code, String message, List<String> details) {
        this(status, code, message, details, Map.of(), null);
    }

    private ApiException(int status, String code, String message, List<String> details, Map<String, String> headers, String commandId) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(headers);
        this.commandId = commandId;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message, List.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, List.of());
    }

    /** A 401 with the challenge of RFC 6750 section 3; {@code error} is empty when no credentials came. */
    public static ApiException unauthorized(String message, String error) {
        String challenge = "Bearer realm=\"gatehouse-management\"" + (error.isEmpty() ? "" : ", error=\"" + error + "\"");
        return new ApiException(401, "unauthorized", message, List.of(), Map.of("WWW-Authenticate", challenge), null);
    }

    public static ApiException serviceUnavailable(String what) {
        return new ApiException(503, "service_unavailable", what + " is not running", List.of());
    }

    /** The same error, naming the command it was recorded under. */
    public ApiException forCommand(String id) {
        return new ApiException(status, code, getMessage(), details, headers, id);
    }

    /** The same error with extra response headers. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(status, code, getMessage(), details, more, commandId);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Optional<String> commandId() {
        return Optional.ofNullable(commandId);
    }
}
