package org.gatehouse.channels.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sealing and opening: the frame verifies once, in its generation; a replay, an old frame or one flipped bit closes the channel. */
class SealedFrameTest {
    private static final long CHANNEL = 11;
    private static final byte[] SAMPLE = "the payload of one frame".getBytes(StandardCharsets.US_ASCII);
    private final TunnelSettings settings = TunnelSettings.defaults().withReplayWindow(64);
    private final AtomicLong clock = new AtomicLong();
    private FrameSealer sealer;
    private FrameOpener opener;

    @BeforeEach
    void channel() throws GeneralSecurityException {
        ChannelKeysTest.Pair pair = ChannelKeysTest.agree(CHANNEL);
        sealer = new FrameSealer(CHANNEL, pair.opener().send(), settings, clock::get);
        opener = new FrameOpener(CHANNEL, pair.acceptor().receive(), settings);
    }

    private TunnelFrame.Sealed seal(String text) throws ChannelFault {
        byte[] plain = text.getBytes(StandardCharsets.US_ASCII);
        return sealer.seal(FrameType.DATA, plain, 0, plain.length);
    }

    private CloseReason refusal(TunnelFrame.Sealed frame) {
        return assertThrows(ChannelFault.class, () -> opener.open(frame)).reason();
    }

    @Test
    void aSealedFrameOpensToItsPlaintextAndHidesIt() throws ChannelFault {
        TunnelFrame.Sealed frame = sealer.seal(FrameType.DATA, SAMPLE, 0, SAMPLE.length);
        assertEquals(SAMPLE.length + 16, frame.ciphertext().length);
        assertFalse(new String(frame.ciphertext(), StandardCharsets.ISO_8859_1).contains("payload"));
        assertArrayEquals(SAMPLE, opener.open(frame));
        assertEquals(0, frame.sequence());
        assertEquals(1, seal("next").sequence());
    }

    @Test
    void theSamePlaintextSealsDifferentlyEachTime() throws ChannelFault {
        assertFalse(Arrays.equals(seal("same").ciphertext(), seal("same").ciphertext()));
    }

    @Test
    void framesReorderedWithinTheWindowOpenOnceAndAReplayClosesTheChannel() throws ChannelFault {
        TunnelFrame.Sealed first = seal("first");
        TunnelFrame.Sealed second = seal("second");
        TunnelFrame.Sealed third = seal("third");
        assertEquals("third", new String(opener.open(third), StandardCharsets.US_ASCII));
        assertEquals("first", new String(opener.open(first), StandardCharsets.US_ASCII));
        assertEquals("second", new String(opener.open(second), StandardCharsets.US_ASCII));
        ChannelFault replay = assertThrows(ChannelFault.class, () -> opener.open(first));
        assertEquals(CloseReason.REPLAYED, replay.reason());
        assertEquals("DATA frame 0 of generation 0 on channel 11: that sequence number was already received", replay.getMessage());
    }

    @Test
    void aFrameBelowTheWindowIsTooOld() throws ChannelFault {
        TunnelFrame.Sealed old = seal("old");
        for (int i = 0; i < 64; i++) {
            opener.open(seal("filler " + i));
        }
        ChannelFault fault = assertThrows(ChannelFault.class, () -> opener.open(old));
        assertEquals(CloseReason.TOO_OLD, fault.reason());
        assertEquals("DATA frame 0 of generation 0 on channel 11: below the replay window of 64 frames", fault.getMessage());
    }

    @Test
    void aForgedFrameDoesNotMoveTheWindow() throws ChannelFault {
        TunnelFrame.Sealed real = seal("real");
        TunnelFrame.Sealed forged = new TunnelFrame.Sealed(FrameType.DATA, CHANNEL, 0, 0, new byte[20]);
        assertEquals(CloseReason.TAMPERED, refusal(forged));
        assertArrayEquals("real".getBytes(StandardCharsets.US_ASCII), opener.open(real), "the forged number was not recorded");
    }

    @Test
    void everyFlippedBitOfAnEncodedFrameIsRefused() throws ChannelFault {
        ByteBuf wire = encode(sealer.seal(FrameType.DATA, SAMPLE, 0, SAMPLE.length));
        byte[] bytes = ByteBufUtil.getBytes(wire);
        wire.release();
        int byDecoder = 0;
        int byChannelId = 0;
        int byChannel = 0;
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(settings.maxFrameBytes()));
            TunnelFrame frame = null;
            try {
                in.writeInbound(Unpooled.wrappedBuffer(flipped));
                frame = in.readInbound();
                if (frame == null) {
                    in.close();
                    in.checkException();
                }
            } catch (TunnelProtocolException e) {
                assertFalse(in.isOpen(), "bit " + bit + ": the connection is closed");
            }
            in.releaseInbound();
            if (frame == null) {
                byDecoder++;
                continue;
            }
            if (frame.channelId() != CHANNEL || !(frame instanceof TunnelFrame.Sealed sealed)) {
                // another channel's frame, or a handshake frame: never handed to this channel's opener
                byChannelId++;
                continue;
            }
            ChannelFault fault = assertThrows(ChannelFault.class, () -> opener.open(sealed), "bit " + bit + " was accepted");
            assertTrue(fault.reason() == CloseReason.TAMPERED || fault.reason() == CloseReason.UNEXPECTED_GENERATION
                    || fault.reason() == CloseReason.TOO_OLD, "bit " + bit + ": " + fault.reason());
            byChannel++;
        }
        assertEquals(bytes.length * 8, byDecoder + byChannelId + byChannel);
        assertTrue(byChannelId >= 64, "each of the channel id's 64 bits names another channel: " + byChannelId);
        // every bit of generation, sequence, ciphertext and tag reaches the opener, and so do length bits that shorten the frame
        assertTrue(byChannel >= (4 + 8 + SAMPLE.length + 16) * 8, "refused by the opener: " + byChannel);
        assertArrayEquals(SAMPLE, opener.open(decode(bytes)), "the untouched frame still opens: nothing was recorded");
    }

    @Test
    void aFrameOfALeftGenerationIsTooOldAndOneOfAnUnannouncedGenerationIsRefused() throws ChannelFault {
        TunnelFrame.Sealed before = seal("generation 0");
        sealer.rekey();
        TunnelFrame.Sealed unannounced = seal("generation 1");
        assertEquals(CloseReason.UNEXPECTED_GENERATION, refusal(unannounced));
        opener.rekey();
        assertArrayEquals("generation 1".getBytes(StandardCharsets.US_ASCII), opener.open(unannounced));
        assertEquals(CloseReason.TOO_OLD, refusal(before));
        assertEquals(1, unannounced.generation());
        assertEquals(0, unannounced.sequence(), "each generation numbers from 0 under its own key");
    }

    @Test
    void aFrameSealedUnderTheOldGenerationKeyButLabelledWithTheNewIsTampered() throws ChannelFault {
        TunnelFrame.Sealed old = seal("relabel me");
        sealer.rekey();
        opener.rekey();
        TunnelFrame.Sealed relabelled = new TunnelFrame.Sealed(FrameType.DATA, CHANNEL, 1, old.sequence(), old.ciphertext());
        assertEquals(CloseReason.TAMPERED, refusal(relabelled));
    }

    @Test
    void rekeyIsDueAfterTheConfiguredBytesFramesOrAge() throws GeneralSecurityException, ChannelFault {
        TunnelSettings small = TunnelSettings.defaults().withRekeyAfterBytes(100).withRekeyAfterFrames(5).withRekeyAfter(Duration.ofSeconds(10));
        FrameSealer bytes = new FrameSealer(1, ChannelKeysTest.agree(1).opener().send(), small, clock::get);
        bytes.seal(FrameType.DATA, new byte[99], 0, 99);
        assertFalse(bytes.rekeyDue());
        bytes.seal(FrameType.DATA, new byte[1], 0, 1);
        assertTrue(bytes.rekeyDue(), "100 bytes");
        bytes.rekey();
        assertFalse(bytes.rekeyDue(), "a new generation starts from nothing");

        FrameSealer frames = new FrameSealer(1, ChannelKeysTest.agree(1).opener().send(), small, clock::get);
        for (int i = 0; i < 4; i++) {
            frames.seal(FrameType.DATA, new byte[0], 0, 0);
        }
        assertFalse(frames.rekeyDue());
        frames.seal(FrameType.DATA, new byte[0], 0, 0);
        assertTrue(frames.rekeyDue(), "5 frames");

        FrameSealer age = new FrameSealer(1, ChannelKeysTest.agree(1).opener().send(), small, clock::get);
        clock.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertFalse(age.rekeyDue());
        clock.incrementAndGet();
        assertTrue(age.rekeyDue(), "10 seconds");
    }

    @Test
    void theSequenceNumberNeverWraps() throws ChannelFault {
        sealer.skipTo(Long.MAX_VALUE - 1);
        TunnelFrame.Sealed last = seal("last");
        assertEquals(Long.MAX_VALUE - 1, last.sequence());
        ChannelFault fault = assertThrows(ChannelFault.class, () -> seal("one too many"));
        assertEquals(CloseReason.EXHAUSTED, fault.reason());
        assertEquals("channel 11 used every sequence number of generation 0", fault.getMessage());
        assertArrayEquals("last".getBytes(StandardCharsets.US_ASCII), opener.open(last));
        sealer.rekey();
        assertEquals(0, seal("after rekey").sequence(), "a rekey starts over under a new key");
    }

    @Test
    void differentKeyIdsBeforeAndAfterRekeyAndTheSameOnBothSides() throws GeneralSecurityException, ChannelFault {
        ChannelKeysTest.Pair pair = ChannelKeysTest.agree(3);
        String before = pair.opener().send().keyId();
        new FrameSealer(3, pair.opener().send(), settings, clock::get).rekey();
        new FrameOpener(3, pair.acceptor().receive(), settings).rekey();
        assertNotEquals(before, pair.opener().send().keyId());
        assertEquals(pair.opener().send().keyId(), pair.acceptor().receive().keyId());
    }

    private static ByteBuf encode(TunnelFrame frame) {
        EmbeddedChannel out = new EmbeddedChannel(new TunnelFrameEncoder(TunnelSettings.DEFAULT_MAX_FRAME_BYTES));
        out.writeOutbound(frame);
        ByteBuf bytes = out.readOutbound();
        out.finishAndReleaseAll();
        return bytes;
    }

    private static TunnelFrame.Sealed decode(byte[] bytes) {
        EmbeddedChannel in = new EmbeddedChannel(new TunnelFrameDecoder(TunnelSettings.DEFAULT_MAX_FRAME_BYTES));
        in.writeInbound(Unpooled.wrappedBuffer(bytes));
        TunnelFrame.Sealed frame = in.readInbound();
        in.finishAndReleaseAll();
        return frame;
    }
}
