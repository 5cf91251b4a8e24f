package org.gatehouse.dataplane.http1;

import java.util.Objects;

/**
 * Why the bytes of a connection were refused: passed down the pipeline, after the last bytes that
 * were accepted, to the proxy handler, which answers {@code status} (when it still can) and
 * closes the connection. Nothing after it is read. The body deadline of an HTTP/2 stream
 * ({@code org.gatehouse.dataplane.http2.Http2BodyDeadline}) passes one the same way; the proxy then
 * resets the stream.
 *
 * @param status  400, 408, 414, 431, 501 or 505
 * @param code    the error code of the element's JSON error body
 * @param message what was wrong, for the client and the log
 */
public record FramingViolation(int status, String code, String message) {

    public FramingViolation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static FramingViolation badRequest(String message) {
        return new FramingViolation(400, "bad_framing", message);
    }
}
