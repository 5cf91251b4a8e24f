package org.gatehouse.channels.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads {@link TunnelFrame}s out of the tunnel connection's bytes (docs/channels.md "Keys and
 * frames"). A frame is length-prefixed; a length above the maximum, an unknown type or a body too
 * short for its type closes the connection with a {@link TunnelProtocolException} naming the byte
 * offset. Nothing is allocated by a length the peer chose: a frame is only read once all its bytes
 * have arrived, and its length was checked against the maximum before waiting for them.
 */
public final class TunnelFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private long offset;
    private boolean failed;

    /** @param maxFrameBytes the largest frame accepted, its length prefix included */
    public TunnelFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < TunnelFrame.PREFIX + TunnelFrame.SHARE_BYTES + 2 + 1) {
            throw new IllegalArgumentException("maxFrameBytes of at least " + (TunnelFrame.PREFIX + TunnelFrame.SHARE_BYTES + 3) + ", got " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.readableBytes() >= 4) {
                long length = in.getUnsignedInt(in.readerIndex());
                if (length < TunnelFrame.PREFIX - 4 || length > maxFrameBytes - 4) {
                    throw malformed("frame length " + length + ", expected " + (TunnelFrame.PREFIX - 4) + " to " + (maxFrameBytes - 4));
                }
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4);
                int end = in.readerIndex() + (int) length;
                out.add(frame(in, (int) length));
                if (in.readerIndex() != end) {
                    throw new IllegalStateException("frame reader left " + (end - in.readerIndex()) + " bytes");
                }
                offset += 4 + length;
            }
        } catch (TunnelProtocolException e) {
            fail(ctx, in, e);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            fail(ctx, in, malformed("truncated frame: the connection ended after " + in.readableBytes() + " bytes of it"));
        }
    }

    private TunnelFrame frame(ByteBuf in, int length) {
        int typeCode = in.readUnsignedByte();
        FrameType type = FrameType.ofCode(typeCode);
        if (type == null) {
            throw malformed("unknown frame type " + typeCode);
        }
        long channelId = in.readLong();
        int body = length - 9;
        return type.sealed() ? sealed(type, channelId, in, body) : share(type, channelId, in, body);
    }

    private TunnelFrame share(FrameType type, long channelId, ByteBuf in, int body) {
        int fixed = TunnelFrame.SHARE_BYTES + 2;
        if (body < fixed + 1) {
            throw malformed(type + " frame with a body of " + body + " bytes, expected at least " + (fixed + 1));
        }
        byte[] share = new byte[TunnelFrame.SHARE_BYTES];
        in.readBytes(share);
        int signatureLength = in.readUnsignedShort();
        int rest = body - fixed;
        boolean withAssertion = type == FrameType.OPEN && signatureLength >= 1 && signatureLength + 2 <= rest;
        if (signatureLength != rest && !withAssertion) {
            throw malformed(type + " frame with a signature length of " + signatureLength + " in a body leaving " + rest + " bytes for it");
        }
        byte[] signature = new byte[signatureLength];
        in.readBytes(signature);
        if (!withAssertion) {
            return new TunnelFrame.Share(type, channelId, share, signature);
        }
        int assertionLength = in.readUnsignedShort();
        int left = rest - signatureLength - 2;
        if (assertionLength != left || assertionLength == 0 || assertionLength > TunnelFrame.MAX_ASSERTION_BYTES) {
            throw malformed("OPEN frame with an assertion length of " + assertionLength + " where " + left
                    + " bytes follow (1 to " + TunnelFrame.MAX_ASSERTION_BYTES + ")");
        }
        byte[] assertion = new byte[assertionLength];
        in.readBytes(assertion);
        return new TunnelFrame.Share(type, channelId, share, signature, assertion);
    }

    private TunnelFrame sealed(FrameType type, long channelId, ByteBuf in, int body) {
        int fixed = 4 + 8;
        if (body < fixed + TunnelFrame.TAG_BYTES) {
            throw malformed(type + " frame with a body of " + body + " bytes, expected at least " + (fixed + TunnelFrame.TAG_BYTES));
        }
        int generation = in.readInt();
        long sequence = in.readLong();
        byte[] ciphertext = new byte[body - fixed];
        in.readBytes(ciphertext);
        return new TunnelFrame.Sealed(type, channelId, generation, sequence, ciphertext);
    }

    private TunnelProtocolException malformed(String what) {
        return new TunnelProtocolException("malformed tunnel frame at byte " + offset + ": " + what);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, TunnelProtocolException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireExceptionCaught(e);
        ctx.close();
    }
}
