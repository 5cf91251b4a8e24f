package org.gatehouse.channels.tunnel;

/**
 * The peer broke the tunnel's framing or handshake: the whole tunnel connection is closed. The
 * message names what was wrong and where (the byte offset in the connection, or the channel).
 */
public final class TunnelProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TunnelProtocolException(String message) {
        super(message);
    }

    public TunnelProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
