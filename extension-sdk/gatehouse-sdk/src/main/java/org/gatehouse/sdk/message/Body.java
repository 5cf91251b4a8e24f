package org.gatehouse.sdk.message;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A message body that the engine buffered for a step which declared body access in its
 * descriptor, never larger than the descriptor's {@code max-bytes}. Immutable: every accessor
 * returns a copy or a read-only view.
 *
 * <pre>{@code
 * if (message.body().text().contains("<wsse:Security")) { ... }
 * }</pre>
 */
public final class Body {
    private static final Body EMPTY = new Body(new byte[0]);

    private final byte[] content;

    private Body(byte[] content) {
        this.content = content;
    }

    /** A body with a copy of the given bytes. */
    public static Body of(byte[] content) {
        return content.length == 0 ? EMPTY : new Body(content.clone());
    }

    /** A body holding the text encoded as UTF-8. */
    public static Body ofText(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The body of a message that has none, such as a GET request. */
    public static Body empty() {
        return EMPTY;
    }

    /** Size in bytes. */
    public int length() {
        return content.length;
    }

    /** True when the message has no body. */
    public boolean isEmpty() {
        return content.length == 0;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return content.clone();
    }

    /** A read-only view of the bytes, without copying. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(content).asReadOnlyBuffer();
    }

    /** A stream over the bytes. */
    public InputStream openStream() {
        return new ByteArrayInputStream(content);
    }

    /** The bytes decoded as UTF-8; malformed input becomes U+FFFD. */
    public String text() {
        return text(StandardCharsets.UTF_8);
    }

    /** The bytes decoded with the given charset; malformed input becomes U+FFFD. */
    public String text(Charset charset) {
        return new String(content, charset);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Body b && java.util.Arrays.equals(content, b.content);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "Body[" + content.length + " bytes]";
    }
}
