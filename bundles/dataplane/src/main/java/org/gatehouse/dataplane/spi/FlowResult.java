package org.gatehouse.dataplane.spi;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the data plane does with a request once its flow has run.
 */
public sealed interface FlowResult {

    /** No message type claims the request after all (body matchers): forward it untouched. */
    record PassThrough() implements FlowResult {
    }

    /**
     * Forward the request with these header lines (the complete new list, in order, before the
     * element adds its forwarding headers), this request target, to the named route (else the
     * route the request matches), with a replaced body when present.
     */
    record Forward(List<Map.Entry<String, String>> headers, String uri, Optional<String> route,
                   Optional<ByteBuffer> body) implements FlowResult {
        public Forward {
            headers = List.copyOf(headers);
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Answer the client; nothing is forwarded. */
    record Respond(int status, List<Map.Entry<String, String>> headers, ByteBuffer body) implements FlowResult {
        public Respond {
            headers = List.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Answer the client with the element's JSON error body ({@code code} and {@code message}),
     * plus these header lines (e.g. {@code WWW-Authenticate}, {@code Retry-After}); nothing is forwarded.
     */
    record Reject(int status, String code, String message, List<Map.Entry<String, String>> headers) implements FlowResult {
        public Reject {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            headers = List.copyOf(headers);
        }
    }
}
