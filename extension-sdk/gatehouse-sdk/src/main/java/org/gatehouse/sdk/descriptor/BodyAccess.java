package org.gatehouse.sdk.descriptor;

/**
 * Whether a bladelet reads the message body, and how much of it the engine may buffer for it.
 * Without body access the engine streams the body through (docs/data-plane.md "Bodies": no whole-body buffering
 * unless a step asks, with a size bound). A larger body is answered 413 before the step runs.
 *
 * @param readable whether the step may call {@code Message.body()}
 * @param maxBytes the most the engine buffers, 1 to {@link #MAX_BYTES}; 0 when not readable
 */
public record BodyAccess(boolean readable, int maxBytes) {
    /** The largest bound a descriptor may ask for: 16 MiB. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    /** No body access: the body streams through. */
    public static final BodyAccess NONE = new BodyAccess(false, 0);

    public BodyAccess {
        if (readable && (maxBytes < 1 || maxBytes > MAX_BYTES)) {
            throw new IllegalArgumentException("body max-bytes " + maxBytes + " is outside 1.." + MAX_BYTES);
        }
        if (!readable && maxBytes != 0) {
            throw new IllegalArgumentException("body max-bytes " + maxBytes + " given without body access");
        }
    }

    /** Body access up to that many bytes. */
    public static BodyAccess upTo(int maxBytes) {
        return new BodyAccess(true, maxBytes);
    }
}
