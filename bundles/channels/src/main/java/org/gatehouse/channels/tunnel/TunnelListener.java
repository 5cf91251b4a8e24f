package org.gatehouse.channels.tunnel;

/**
 * What a {@link TunnelHandler} tells its owner, on the tunnel connection's event loop.
 *
 * <pre>{@code
 * TunnelListener listener = (channel, data) -> upstream.write(data);
 * }</pre>
 */
@FunctionalInterface
public interface TunnelListener {
    /** The plaintext of a DATA frame that verified. */
    void data(TunnelChannel channel, byte[] data);

    /**
     * A channel was opened, by either side; {@link TunnelChannel#assertion()} is what its opener
     * asserted about it, signed in the handshake.
     */
    default void opened(TunnelChannel channel) {
    }

    /** A channel closed and its keys were wiped. */
    default void closed(ChannelClosed event) {
    }
}
