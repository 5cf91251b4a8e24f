package org.gatehouse.dataplane.http;

import java.util.Objects;

/**
 * A request head the normalization rules refused, in its place in the connection: the proxy answers
 * it when its turn comes (after the responses of earlier pipelined requests) and closes the
 * connection. The request itself was released.
 *
 * @param status  400, or 501 for {@code CONNECT}
 * @param code    the error code of the element's JSON error ({@code bad_target}, {@code bad_host}, ...)
 * @param message what was wrong, for the client
 */
record RefusedTarget(int status, String code, String message) {

    RefusedTarget {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
