package org.gatehouse.channels.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link TunnelFrame}s with their length prefix (docs/channels.md "Keys and frames"). A
 * frame above the maximum is refused here, so the peer's decoder never has to.
 */
public final class TunnelFrameEncoder extends MessageToByteEncoder<TunnelFrame> {
    private final int maxFrameBytes;

    /** @param maxFrameBytes the largest frame written, its length prefix included */
    public TunnelFrameEncoder(int maxFrameBytes) {
        super(TunnelFrame.class);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, TunnelFrame frame, ByteBuf out) {
        int size = size(frame);
        if (size > maxFrameBytes) {
            throw new IllegalArgumentException(frame.type() + " frame of channel " + frame.channelId() + " is " + size
                    + " bytes, above the maximum " + maxFrameBytes);
        }
        out.writeInt(size - 4).writeByte(frame.type().code()).writeLong(frame.channelId());
        if (frame instanceof TunnelFrame.Share share) {
            out.writeBytes(share.share()).writeShort(share.signature().length).writeBytes(share.signature());
            if (share.assertion().length > 0) {
                out.writeShort(share.assertion().length).writeBytes(share.assertion());
            }
        } else if (frame instanceof TunnelFrame.Sealed sealed) {
            out.writeInt(sealed.generation()).writeLong(sealed.sequence()).writeBytes(sealed.ciphertext());
        }
    }

    /** The encoded size of a frame, its length prefix included. */
    static int size(TunnelFrame frame) {
        if (frame instanceof TunnelFrame.Share share) {
            int assertion = share.assertion().length == 0 ? 0 : 2 + share.assertion().length;
            return TunnelFrame.PREFIX + TunnelFrame.SHARE_BYTES + 2 + share.signature().length + assertion;
        }
        return TunnelFrame.PREFIX + 4 + 8 + ((TunnelFrame.Sealed) frame).ciphertext().length;
    }
}
