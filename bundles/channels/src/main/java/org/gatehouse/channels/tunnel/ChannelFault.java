package org.gatehouse.channels.tunnel;

/** A frame that closes its channel (not the tunnel): replayed, too old, tampered. */
final class ChannelFault extends Exception {
    private static final long serialVersionUID = 1L;
    private final CloseReason reason;

    ChannelFault(CloseReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    CloseReason reason() {
        return reason;
    }
}
