package org.gatehouse.sdk.json;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and writes JSON text (see the package description). Reading is strict and bounded: one
 * value of UTF-8 text, at most {@link #MAX_DEPTH} arrays and objects deep and {@link #MAX_BYTES}
 * long, member names unique.
 */
@ProviderType
public interface Json {
    /** The deepest nesting of arrays and objects a document may have. */
    int MAX_DEPTH = 64;
    /** The longest document read, in bytes. */
    int MAX_BYTES = 16 * 1024 * 1024;

    /**
     * The value of a UTF-8 JSON document.
     *
     * @throws JsonException naming what is wrong and where ({@code [line:col]})
     */
    JsonValue read(byte[] utf8) throws JsonException;

    /** Like {@link #read(byte[])}, from text. */
    JsonValue read(String text) throws JsonException;

    /** The value as compact JSON text. */
    String write(JsonValue value);
}
