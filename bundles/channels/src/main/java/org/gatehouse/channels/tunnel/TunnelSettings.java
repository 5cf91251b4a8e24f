package org.gatehouse.channels.tunnel;

import java.time.Duration;

/**
 * The limits of a tunnel and its channels (docs/channels.md "Keys and frames").
 *
 * <pre>{@code
 * TunnelSettings settings = TunnelSettings.defaults().withInactivityTimeout(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param rekeyAfterBytes     a direction moves to its next key generation after sealing this many payload bytes
 * @param rekeyAfter          ... or when its generation is this old at the next frame it seals
 * @param rekeyAfterFrames    ... or after this many frames (also what keeps a sequence number far from its end)
 * @param inactivityTimeout   a channel with no data either way for this long is closed and its keys wiped
 * @param replayWindow        the replay window in frames, a multiple of 64
 * @param maxFrameBytes       the largest frame, length prefix included
 * @param maxChannels         the most channels open at once on one tunnel connection
 */
public record TunnelSettings(long rekeyAfterBytes, Duration rekeyAfter, long rekeyAfterFrames, Duration inactivityTimeout,
        int replayWindow, int maxFrameBytes, int maxChannels) {
    /** 1 GiB per generation: far below the AES-GCM limits of one key (NIST SP 800-38D). */
    public static final long DEFAULT_REKEY_AFTER_BYTES = 1L << 30;
    /** An hour per generation. */
    public static final Duration DEFAULT_REKEY_AFTER = Duration.ofHours(1);
    /** 2^24 frames per generation. */
    public static final long DEFAULT_REKEY_AFTER_FRAMES = 1L << 24;
    /** Five minutes without data closes a channel. */
    public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofMinutes(5);
    /** 128 frames of reordering. */
    public static final int DEFAULT_REPLAY_WINDOW = 128;
    /** 64 KiB frames. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** 1024 channels per tunnel connection. */
    public static final int DEFAULT_MAX_CHANNELS = 1024;

    public TunnelSettings {
        positive("rekeyAfterBytes", rekeyAfterBytes);
        positive("rekeyAfterFrames", rekeyAfterFrames);
        if (rekeyAfterFrames > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("rekeyAfterFrames of at most 2^62, got " + rekeyAfterFrames);
        }
        positive("rekeyAfter", rekeyAfter);
        positive("inactivityTimeout", inactivityTimeout);
        new ReplayWindow(replayWindow);
        if (maxFrameBytes < 256 || maxFrameBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxFrameBytes of 256 to 16777216, got " + maxFrameBytes);
        }
        positive("maxChannels", maxChannels);
    }

    /** The defaults above. */
    public static TunnelSettings defaults() {
        return new TunnelSettings(DEFAULT_REKEY_AFTER_BYTES, DEFAULT_REKEY_AFTER, DEFAULT_REKEY_AFTER_FRAMES, DEFAULT_INACTIVITY_TIMEOUT,
                DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_CHANNELS);
    }

    public TunnelSettings withRekeyAfterBytes(long bytes) {
        return new TunnelSettings(bytes, rekeyAfter, rekeyAfterFrames, inactivityTimeout, replayWindow, maxFrameBytes, maxChannels);
    }

    public TunnelSettings withRekeyAfter(Duration age) {
        return new TunnelSettings(rekeyAfterBytes, age, rekeyAfterFrames, inactivityTimeout, replayWindow, maxFrameBytes, maxChannels);
    }

    public TunnelSettings withRekeyAfterFrames(long frames) {
        return new TunnelSettings(rekeyAfterBytes, rekeyAfter, frames, inactivityTimeout, replayWindow, maxFrameBytes, maxChannels);
    }

    public TunnelSettings withInactivityTimeout(Duration timeout) {
        return new TunnelSettings(rekeyAfterBytes, rekeyAfter, rekeyAfterFrames, timeout, replayWindow, maxFrameBytes, maxChannels);
    }

    public TunnelSettings withReplayWindow(int frames) {
        return new TunnelSettings(rekeyAfterBytes, rekeyAfter, rekeyAfterFrames, inactivityTimeout, frames, maxFrameBytes, maxChannels);
    }

    public TunnelSettings withMaxFrameBytes(int bytes) {
        return new TunnelSettings(rekeyAfterBytes, rekeyAfter, rekeyAfterFrames, inactivityTimeout, replayWindow, bytes, maxChannels);
    }

    public TunnelSettings withMaxChannels(int channels) {
        return new TunnelSettings(rekeyAfterBytes, rekeyAfter, rekeyAfterFrames, inactivityTimeout, replayWindow, maxFrameBytes, channels);
    }

    /** The most payload bytes one DATA frame carries. */
    int maxPayload() {
        return maxFrameBytes - TunnelFrame.PREFIX - 4 - 8 - TunnelFrame.TAG_BYTES;
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
