package org.gatehouse.channels.tunnel;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Opens the frames one channel receives (docs/channels.md "Keys and frames"): the generation must
 * be the current one, the sequence number new to the replay window, and the tag must verify over
 * the header and the ciphertext. Any of these failing is a {@link ChannelFault} that closes the
 * channel; the window records a number only once its frame has verified.
 */
final class FrameOpener {
    private final long channelId;
    private final DirectionKeys keys;
    private final TunnelSettings settings;
    private final Cipher cipher = FrameSealer.aesGcm();
    private ReplayWindow window;

    FrameOpener(long channelId, DirectionKeys keys, TunnelSettings settings) {
        this.channelId = channelId;
        this.keys = keys;
        this.settings = settings;
        this.window = new ReplayWindow(settings.replayWindow());
    }

    /** The plaintext of a frame of this channel, or the fault that closes the channel. */
    byte[] open(TunnelFrame.Sealed frame) throws ChannelFault {
        String where = frame.type() + " frame " + frame.sequence() + " of generation " + frame.generation() + " on channel " + channelId;
        if (frame.channelId() != channelId) {
            throw new IllegalArgumentException(where + " was given to channel " + channelId);
        }
        if (frame.generation() < keys.generation() || frame.generation() < 0) {
            throw new ChannelFault(CloseReason.TOO_OLD, where + ": the receiving generation is " + keys.generation());
        }
        if (frame.generation() > keys.generation()) {
            throw new ChannelFault(CloseReason.UNEXPECTED_GENERATION, where + ": the receiving generation is " + keys.generation() + " and no REKEY came");
        }
        switch (window.check(frame.sequence())) {
            case REPLAYED -> throw new ChannelFault(CloseReason.REPLAYED, where + ": that sequence number was already received");
            case TOO_OLD -> throw new ChannelFault(CloseReason.TOO_OLD, where + ": below the replay window of " + settings.replayWindow() + " frames");
            default -> { }
        }
        byte[] plain = decrypt(frame, where);
        window.accept(frame.sequence());
        return plain;
    }

    /** Moves to the sender's next generation (after its REKEY frame verified). */
    void rekey() throws ChannelFault {
        if (keys.generation() == Integer.MAX_VALUE) {
            throw new ChannelFault(CloseReason.EXHAUSTED, "channel " + channelId + " used every key generation");
        }
        keys.advance();
        window = new ReplayWindow(settings.replayWindow());
    }

    int generation() {
        return keys.generation();
    }

    private byte[] decrypt(TunnelFrame.Sealed frame, String where) throws ChannelFault {
        try {
            cipher.init(Cipher.DECRYPT_MODE, keys.spec(), new GCMParameterSpec(TunnelFrame.TAG_BYTES * 8, keys.nonce(frame.sequence())));
            cipher.updateAAD(frame.aad());
            return cipher.doFinal(frame.ciphertext());
        } catch (AEADBadTagException e) {
            throw new ChannelFault(CloseReason.TAMPERED, where + ": the tag does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open " + where, e);
        }
    }
}
