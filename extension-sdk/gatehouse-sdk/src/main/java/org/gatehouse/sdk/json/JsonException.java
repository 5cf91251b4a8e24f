package org.gatehouse.sdk.json;

import java.io.IOException;

/** A document that is not the JSON {@link Json} reads; the message names what and {@code [line:col]}. */
public final class JsonException extends IOException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
