package org.gatehouse.channels.tunnel;

/**
 * The kinds of tunnel frame (docs/channels.md "Keys and frames"). {@link #OPEN} and {@link #ACCEPT}
 * carry the key-agreement shares, signed; the others are sealed with the channel's key.
 */
public enum FrameType {
    /** Opens a channel: the opener's ephemeral X25519 share and its signature. */
    OPEN(1, false),
    /** Accepts a channel: the acceptor's share and its signature over both shares. */
    ACCEPT(2, false),
    /** Sealed application bytes of one channel. */
    DATA(3, true),
    /** Sealed close of one channel, with the reason. */
    CLOSE(4, true),
    /** Sealed notice that the sender's next frames use the next key generation. */
    REKEY(5, true);

    private final int code;
    private final boolean sealed;

    FrameType(int code, boolean sealed) {
        this.code = code;
        this.sealed = sealed;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /** Whether frames of this type are sealed with the channel's key. */
    public boolean sealed() {
        return sealed;
    }

    /** The type of a type byte, or null when no type has that code. */
    static FrameType ofCode(int code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
