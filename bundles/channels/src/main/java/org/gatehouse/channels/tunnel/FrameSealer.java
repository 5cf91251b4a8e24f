package org.gatehouse.channels.tunnel;

import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals the frames one channel sends (docs/channels.md "Keys and frames"): AES-256-GCM through
 * JCA, a nonce of the generation's salt and a 64-bit sequence number that starts at 0 in each
 * generation and never wraps, and the frame header as AAD. It says when the generation is due
 * to be replaced (bytes, frames or age); the sequence number's end closes the channel instead.
 */
final class FrameSealer {
    private final long channelId;
    private final DirectionKeys keys;
    private final TunnelSettings settings;
    private final LongSupplier nanoClock;
    private final Cipher cipher;
    private long sequence;
    private long bytes;
    private long generationStart;

    FrameSealer(long channelId, DirectionKeys keys, TunnelSettings settings, LongSupplier nanoClock) {
        this.channelId = channelId;
        this.keys = keys;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.cipher = aesGcm();
        this.generationStart = nanoClock.getAsLong();
    }

    /** Seals one frame with the next sequence number of the current generation. */
    TunnelFrame.Sealed seal(FrameType type, byte[] plain, int offset, int length) throws ChannelFault {
        if (sequence == Long.MAX_VALUE) {
            throw new ChannelFault(CloseReason.EXHAUSTED, "channel " + channelId + " used every sequence number of generation " + keys.generation());
        }
        long number = sequence++;
        TunnelFrame.Sealed header = new TunnelFrame.Sealed(type, channelId, keys.generation(), number, new byte[TunnelFrame.TAG_BYTES]);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, keys.spec(), new GCMParameterSpec(TunnelFrame.TAG_BYTES * 8, keys.nonce(number)));
            cipher.updateAAD(header.aad());
            byte[] ciphertext = cipher.doFinal(plain, offset, length);
            bytes += length;
            return new TunnelFrame.Sealed(type, channelId, keys.generation(), number, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal frame " + number + " of channel " + channelId, e);
        }
    }

    /** Whether this generation has sealed enough (bytes, frames) or lived long enough to be replaced. */
    boolean rekeyDue() {
        return bytes >= settings.rekeyAfterBytes() || sequence >= settings.rekeyAfterFrames()
                || nanoClock.getAsLong() - generationStart >= settings.rekeyAfter().toNanos();
    }

    /** Moves to the next generation (after the REKEY frame went out sealed with this one). */
    void rekey() throws ChannelFault {
        if (keys.generation() == Integer.MAX_VALUE) {
            throw new ChannelFault(CloseReason.EXHAUSTED, "channel " + channelId + " used every key generation");
        }
        keys.advance();
        sequence = 0;
        bytes = 0;
        generationStart = nanoClock.getAsLong();
    }

    int generation() {
        return keys.generation();
    }

    /** For tests: start the sequence numbers near their end. */
    void skipTo(long next) {
        sequence = next;
    }

    static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }
}
