package org.gatehouse.channels.tunnel;

import java.nio.ByteBuffer;

/**
 * One frame of the tunnel, as {@link TunnelFrameDecoder} reads it and {@link TunnelFrameEncoder}
 * writes it. The layout is in docs/channels.md "Keys and frames".
 */
public sealed interface TunnelFrame permits TunnelFrame.Share, TunnelFrame.Sealed {
    /** The bytes before a frame's body: a four-byte length, the type, the channel id. */
    int PREFIX = 4 + 1 + 8;
    /** The header of a sealed frame after the length: type, channel id, generation, sequence. It is the AAD. */
    int SEALED_HEADER = 1 + 8 + 4 + 8;
    /** The size of an X25519 public key. */
    int SHARE_BYTES = 32;
    /** The AES-GCM tag. */
    int TAG_BYTES = 16;
    /** The largest assertion an OPEN frame carries. */
    int MAX_ASSERTION_BYTES = 4096;

    /** The frame's type. */
    FrameType type();

    /** The channel the frame belongs to. */
    long channelId();

    /**
     * An {@link FrameType#OPEN} or {@link FrameType#ACCEPT} frame: an ephemeral X25519 public key
     * (32 bytes, RFC 7748) and the sender's signature binding it to this TLS connection; an OPEN
     * may carry the opener's assertion about the channel (whom it is for, where it goes), which
     * both signatures cover.
     *
     * @param type      OPEN or ACCEPT
     * @param channelId the channel
     * @param share     the raw X25519 public key
     * @param signature the signature by the element's TLS key
     * @param assertion what the opener asserts about the channel; empty for none and on ACCEPT
     */
    record Share(FrameType type, long channelId, byte[] share, byte[] signature, byte[] assertion) implements TunnelFrame {
        /** A share without an assertion. */
        public Share(FrameType type, long channelId, byte[] share, byte[] signature) {
            this(type, channelId, share, signature, new byte[0]);
        }

        public Share {
            if (assertion.length > MAX_ASSERTION_BYTES || (type == FrameType.ACCEPT && assertion.length > 0)) {
                throw new IllegalArgumentException("an assertion of at most " + MAX_ASSERTION_BYTES + " bytes, on OPEN only; got "
                        + assertion.length + " on " + type);
            }
            if (type != FrameType.OPEN && type != FrameType.ACCEPT) {
                throw new IllegalArgumentException("a share frame is OPEN or ACCEPT, got " + type);
            }
            if (share.length != SHARE_BYTES) {
                throw new IllegalArgumentException("a share of " + SHARE_BYTES + " bytes, got " + share.length);
            }
            if (signature.length == 0 || signature.length > 0xFFFF) {
                throw new IllegalArgumentException("a signature of 1 to 65535 bytes, got " + signature.length);
            }
        }
    }

    /**
     * A sealed frame: the header (type, channel id, key generation, sequence number) is the AAD
     * of the AES-GCM ciphertext that follows it.
     *
     * @param type       DATA, CLOSE or REKEY
     * @param channelId  the channel
     * @param generation the sender's key generation
     * @param sequence   the sender's sequence number in that generation
     * @param ciphertext the ciphertext and its tag
     */
    record Sealed(FrameType type, long channelId, int generation, long sequence, byte[] ciphertext) implements TunnelFrame {
        public Sealed {
            if (!type.sealed()) {
                throw new IllegalArgumentException("a sealed frame is DATA, CLOSE or REKEY, got " + type);
            }
            if (ciphertext.length < TAG_BYTES) {
                throw new IllegalArgumentException("a ciphertext of at least the " + TAG_BYTES + "-byte tag, got " + ciphertext.length);
            }
        }

        /** The header bytes the ciphertext is bound to. */
        byte[] aad() {
            return ByteBuffer.allocate(SEALED_HEADER).put((byte) type.code()).putLong(channelId).putInt(generation).putLong(sequence).array();
        }
    }
}
