package org.gatehouse.channels.tunnel;

/** Why a channel closed, as its {@link ChannelClosed} event reports it for the audit. */
public enum CloseReason {
    /** This element closed it. */
    LOCAL(1),
    /** The peer element closed it (its reason is in the event's detail). */
    PEER(2),
    /** No data either way for the inactivity timeout. */
    INACTIVE(3),
    /** A frame with a sequence number already accepted. */
    REPLAYED(4),
    /** A frame below the replay window, or of a key generation already left. */
    TOO_OLD(5),
    /** A frame whose tag did not verify: changed on the way, or not sealed with this channel's key. */
    TAMPERED(6),
    /** A frame of a key generation the sender had not announced. */
    UNEXPECTED_GENERATION(7),
    /** The channel used up its key generations or sequence numbers. */
    EXHAUSTED(8),
    /** The tunnel connection under it closed. */
    TUNNEL_CLOSED(9);

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    /** The reason's code in a CLOSE frame. */
    int code() {
        return code;
    }

    static CloseReason ofCode(int code) {
        for (CloseReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return null;
    }
}
