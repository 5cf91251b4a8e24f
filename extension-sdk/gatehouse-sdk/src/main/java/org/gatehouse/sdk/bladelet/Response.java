package org.gatehouse.sdk.bladelet;

import java.util.Objects;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.Headers;

/**
 * A response a step sends to the client in place of forwarding the message, such as a 401 with
 * a {@code WWW-Authenticate} challenge or a 429.
 *
 * @param status  the HTTP status, 200 to 599 (informational statuses are not a step's to send)
 * @param headers response headers; the engine adds framing headers (Content-Length, Date)
 * @param body    the response body, possibly empty
 */
public record Response(int status, Headers headers, Body body) {
    public Response {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("response status " + status + " is outside 200..599");
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A response with a status only. */
    public static Response of(int status) {
        return new Response(status, Headers.empty(), Body.empty());
    }

    /** A plain-text response. */
    public static Response text(int status, String text) {
        return new Response(status, Headers.of("Content-Type", "text/plain; charset=utf-8"), Body.ofText(text));
    }
}
