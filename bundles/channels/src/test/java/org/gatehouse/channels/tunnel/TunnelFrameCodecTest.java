package org.gatehouse.channels.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame codec in memory: every type round-trips; every malformed input closes the connection, naming what and where. */
class TunnelFrameCodecTest {
    private static final int MAX = 1024;

    private static ByteBuf encode(TunnelFrame frame) {
        EmbeddedChannel out = new EmbeddedChannel(new TunnelFrameEncoder(MAX));
        assertTrue(out.writeOutbound(frame));
        ByteBuf bytes = out.readOutbound();
        out.finishAndReleaseAll();
        return bytes;
    }

    private static TunnelFrame.Sealed sealed(FrameType type, long channelId, int ciphertextBytes) {
        byte[] ciphertext = new byte[ciphertextBytes];
        for (int i = 0; i < ciphertext.length; i++) {
            ciphertext[i] = (byte) i;
        }
        return new TunnelFrame.Sealed(type, channelId, 3, 77, ciphertext);
    }

    private static TunnelFrame.Share share(FrameType type) {
        byte[] share = new byte[32];
        share[31] = 9;
        return new TunnelFrame.Share(type, 5, share, new byte[] {1, 2, 3, 4, 5, 6, 7});
    }

    /** Feeds the bytes to a fresh decoder; returns the error the connection closed with, or null. */
    private static String refusal(EmbeddedChannel in, ByteBuf bytes) {
        try {
            in.writeInbound(bytes);
            in.checkException();
            return null;
        } catch (TunnelProtocolException e) {
            assertFalse(in.isOpen(), "a malformed frame closes the connection");
            return e.getMessage();
        }
    }

    @Test
    void everyFrameTypeRoundTrips() {
        for (TunnelFrame frame : new TunnelFrame[] {share(FrameType.OPEN), share(FrameType.ACCEPT), sealed(FrameType.DATA, 1, 40),
                sealed(FrameType.CLOSE, 2, 16), sealed(FrameType.REKEY, Long.MAX_VALUE, 20)}) {
            EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
            assertTrue(in.writeInbound(encode(frame)));
            TunnelFrame read = in.readInbound();
            assertEquals(frame.type(), read.type());
            assertEquals(frame.channelId(), read.channelId());
            if (frame instanceof TunnelFrame.Sealed s) {
                TunnelFrame.Sealed r = (TunnelFrame.Sealed) read;
                assertEquals(s.generation(), r.generation());
                assertEquals(s.sequence(), r.sequence());
                assertArrayEquals(s.ciphertext(), r.ciphertext());
            } else {
                TunnelFrame.Share s = (TunnelFrame.Share) frame;
                assertArrayEquals(s.share(), ((TunnelFrame.Share) read).share());
                assertArrayEquals(s.signature(), ((TunnelFrame.Share) read).signature());
            }
            assertFalse(in.finish());
        }
    }

    @Test
    void framesArrivingByteByByteAreReadWhole() {
        ByteBuf bytes = Unpooled.wrappedBuffer(encode(sealed(FrameType.DATA, 1, 40)), encode(sealed(FrameType.DATA, 3, 17)));
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        while (bytes.isReadable()) {
            in.writeInbound(bytes.readRetainedSlice(1));
        }
        bytes.release();
        assertEquals(1, ((TunnelFrame) in.readInbound()).channelId());
        assertEquals(3, ((TunnelFrame) in.readInbound()).channelId());
        assertNull(in.readInbound());
        assertFalse(in.finish());
    }

    @Test
    void aFrameOfExactlyTheMaximumIsReadAndOneByteMoreIsRefused() {
        int ciphertext = MAX - TunnelFrame.PREFIX - 12;
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        assertTrue(in.writeInbound(encode(sealed(FrameType.DATA, 1, ciphertext))));
        assertEquals(ciphertext, ((TunnelFrame.Sealed) in.readInbound()).ciphertext().length);

        ByteBuf tooLong = Unpooled.buffer().writeInt(MAX - 4 + 1).writeByte(3).writeLong(1);
        assertEquals("malformed tunnel frame at byte " + MAX + ": frame length " + (MAX - 3) + ", expected 9 to " + (MAX - 4), refusal(in, tooLong));
    }

    @Test
    void theEncoderRefusesAFrameAboveTheMaximum() {
        EmbeddedChannel out = new EmbeddedChannel(new TunnelFrameEncoder(MAX));
        EncoderException e = assertThrows(EncoderException.class, () -> out.writeOutbound(sealed(FrameType.DATA, 9, MAX)));
        assertEquals("DATA frame of channel 9 is " + (MAX + 25) + " bytes, above the maximum " + MAX, e.getCause().getMessage());
        out.finishAndReleaseAll();
    }

    @Test
    void aHugeLengthIsRefusedAtOnceWithoutWaitingForItsBytes() {
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        String error = refusal(in, Unpooled.buffer().writeInt(0xFFFFFFFF));
        assertEquals("malformed tunnel frame at byte 0: frame length 4294967295, expected 9 to " + (MAX - 4), error);
    }

    @Test
    void aLengthTooShortForAnyFrameIsRefused() {
        assertEquals("malformed tunnel frame at byte 0: frame length 8, expected 9 to " + (MAX - 4),
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), Unpooled.buffer().writeInt(8).writeZero(8)));
        assertEquals("malformed tunnel frame at byte 0: frame length 0, expected 9 to " + (MAX - 4),
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), Unpooled.buffer().writeInt(0)));
    }

    @Test
    void anUnknownTypeIsRefusedWithItsOffset() {
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        ByteBuf good = encode(sealed(FrameType.DATA, 1, 16));
        int goodLength = good.readableBytes();
        ByteBuf unknown = Unpooled.buffer().writeInt(9 + 12 + 16).writeByte(0x7F).writeLong(1).writeZero(28);
        assertEquals("malformed tunnel frame at byte " + goodLength + ": unknown frame type 127", refusal(in, Unpooled.wrappedBuffer(good, unknown)));
        assertInstanceOf(TunnelFrame.class, in.readInbound(), "the good frame before it was read");
        assertEquals("malformed tunnel frame at byte 0: unknown frame type 0",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), Unpooled.buffer().writeInt(9).writeByte(0).writeLong(1)));
    }

    @Test
    void aSealedFrameTooShortForItsTagIsRefused() {
        ByteBuf noTag = Unpooled.buffer().writeInt(9 + 12 + 15).writeByte(3).writeLong(1).writeInt(0).writeLong(0).writeZero(15);
        assertEquals("malformed tunnel frame at byte 0: DATA frame with a body of 27 bytes, expected at least 28",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), noTag));
    }

    @Test
    void aShareFrameWhoseSignatureLengthDisagreesWithItsBodyIsRefused() {
        ByteBuf longer = Unpooled.buffer().writeInt(9 + 32 + 2 + 4).writeByte(1).writeLong(1).writeZero(32).writeShort(5).writeZero(4);
        assertEquals("malformed tunnel frame at byte 0: OPEN frame with a signature length of 5 in a body leaving 4 bytes for it",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), longer));
        ByteBuf noSignature = Unpooled.buffer().writeInt(9 + 32 + 2).writeByte(2).writeLong(1).writeZero(32).writeShort(0);
        assertEquals("malformed tunnel frame at byte 0: ACCEPT frame with a body of 34 bytes, expected at least 35",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), noSignature));
    }

    @Test
    void anOpenCarriesItsAssertionAndAnAssertionLengthThatDisagreesIsRefused() {
        byte[] share = new byte[32];
        TunnelFrame.Share open = new TunnelFrame.Share(FrameType.OPEN, 5, share, new byte[] {1, 2, 3}, new byte[] {'a', 'b'});
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        assertTrue(in.writeInbound(encode(open)));
        TunnelFrame.Share read = in.readInbound();
        assertArrayEquals(new byte[] {1, 2, 3}, read.signature());
        assertArrayEquals(new byte[] {'a', 'b'}, read.assertion());
        assertFalse(in.finish());

        ByteBuf wrongLength = Unpooled.buffer().writeInt(9 + 32 + 2 + 3 + 2 + 2).writeByte(1).writeLong(1).writeZero(32)
                .writeShort(3).writeZero(3).writeShort(5).writeZero(2);
        assertEquals("malformed tunnel frame at byte 0: OPEN frame with an assertion length of 5 where 2 bytes follow (1 to 4096)",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), wrongLength));
        ByteBuf empty = Unpooled.buffer().writeInt(9 + 32 + 2 + 3 + 2).writeByte(1).writeLong(1).writeZero(32).writeShort(3).writeZero(3).writeShort(0);
        assertEquals("malformed tunnel frame at byte 0: OPEN frame with an assertion length of 0 where 0 bytes follow (1 to 4096)",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), empty));
        // an ACCEPT carries none: bytes after its signature are refused as before
        ByteBuf accept = Unpooled.buffer().writeInt(9 + 32 + 2 + 3 + 2 + 1).writeByte(2).writeLong(1).writeZero(32).writeShort(3).writeZero(3)
                .writeShort(1).writeZero(1);
        assertEquals("malformed tunnel frame at byte 0: ACCEPT frame with a signature length of 3 in a body leaving 6 bytes for it",
                refusal(new EmbeddedChannel(new TunnelFrameDecoder(MAX)), accept));
        assertThrows(IllegalArgumentException.class, () -> new TunnelFrame.Share(FrameType.ACCEPT, 2, share, new byte[] {1}, new byte[] {1}));
    }

    @Test
    void aFrameCutShortByTheEndOfTheConnectionIsRefused() {
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        ByteBuf whole = encode(sealed(FrameType.DATA, 1, 40));
        in.writeInbound(whole.readRetainedSlice(30));
        whole.release();
        in.checkException();
        assertTrue(in.isOpen(), "a partial frame waits for the rest");
        in.close();
        TunnelProtocolException e = assertThrows(TunnelProtocolException.class, in::checkException);
        assertEquals("malformed tunnel frame at byte 0: truncated frame: the connection ended after 30 bytes of it", e.getMessage());
    }

    @Test
    void nothingAfterARefusalIsRead() {
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
        ByteBuf bad = Unpooled.buffer().writeInt(9).writeByte(0x42).writeLong(1);
        String error = refusal(in, Unpooled.wrappedBuffer(bad, encode(sealed(FrameType.DATA, 1, 16))));
        assertEquals("malformed tunnel frame at byte 0: unknown frame type 66", error);
        assertNull(in.readInbound(), "the good frame behind the bad one is not read");
    }

    @Test
    void randomBytesInRandomPiecesGiveFramesOrOneProtocolErrorAndNothingElse() {
        Random random = new Random(20261207);
        int refused = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            if (garbage.length >= 4 && random.nextBoolean()) {
                // a plausible length, so the type and body checks are reached too
                garbage[0] = 0;
                garbage[1] = 0;
                garbage[2] = 0;
                garbage[3] = (byte) random.nextInt(garbage.length);
            }
            EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(MAX));
            try {
                int offset = 0;
                while (offset < garbage.length && in.isOpen()) {
                    int piece = 1 + random.nextInt(garbage.length - offset);
                    in.writeInbound(Unpooled.wrappedBuffer(garbage, offset, piece));
                    offset += piece;
                }
                in.finish();
            } catch (TunnelProtocolException e) {
                assertTrue(e.getMessage().startsWith("malformed tunnel frame at byte "), e.getMessage());
                refused++;
            }
            in.finishAndReleaseAll();
        }
        assertTrue(refused > 1000, "most garbage is refused: " + refused);
    }

    @Test
    void theDecoderNeedsRoomForAtLeastAShare() {
        assertThrows(IllegalArgumentException.class, () -> new TunnelFrameDecoder(40));
    }
}
