package org.gatehouse.sdk.message;

/**
 * Thrown by {@link Message#body()} when the running bladelet did not declare body access in its
 * descriptor. The engine streams bodies through untouched unless a step asks for them (docs/data-plane.md "Bodies"),
 * so asking late cannot work; declare {@code <body max-bytes="..."/>} in {@code bladelets.xml}.
 */
public final class BodyNotDeclaredException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BodyNotDeclaredException(String bladeletName) {
        super("bladelet '" + bladeletName + "' reads the message body but its descriptor does not declare "
                + "<body max-bytes=\"...\"/>; the body is only buffered for steps that declare it");
    }
}
