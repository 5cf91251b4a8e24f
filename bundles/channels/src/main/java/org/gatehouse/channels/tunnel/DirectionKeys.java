package org.gatehouse.channels.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The keys of one direction of one channel, one generation at a time (docs/channels.md "Keys and
 * frames"): a chain secret, and from it the generation's AES-256 key and 4-byte nonce salt
 * (HKDF-Expand, RFC 5869). The next generation's chain secret is derived from this one's, which
 * is then overwritten: a key of a past generation cannot be derived again from what is held.
 *
 * <p>The arrays here are ours and are overwritten in place; {@link #ownedArrays()} gives them to
 * tests. The {@link SecretKeySpec} handed to the cipher is a copy the JDK makes and does not let
 * us wipe, and the cipher keeps its own expanded key schedule until it is re-initialised.
 */
final class DirectionKeys {
    private static final byte[] KEY_LABEL = "gatehouse channel key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_LABEL = "gatehouse channel nonce".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_LABEL = "gatehouse channel next".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID_LABEL = "gatehouse channel key id v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] context;
    private final byte[] chain = new byte[32];
    private final byte[] key = new byte[32];
    private final byte[] nonceSalt = new byte[4];
    private final byte[] scratch = new byte[32];
    // read from any thread (TunnelChannel), written on the event loop
    private volatile int generation;
    private volatile String keyId;
    private SecretKeySpec spec;
    private boolean wiped;

    /**
     * @param chainSecret the generation-0 chain secret, copied here; the caller wipes its own
     * @param context     the channel id, both shares and the direction: public, what key ids hash
     */
    DirectionKeys(byte[] chainSecret, byte[] context) {
        System.arraycopy(chainSecret, 0, chain, 0, chain.length);
        this.context = context.clone();
        derive();
    }

    int generation() {
        return generation;
    }

    /** SHA-256 of the key's context and generation, never of the key: safe to log and audit. */
    String keyId() {
        return keyId;
    }

    SecretKeySpec spec() {
        checkLive();
        return spec;
    }

    /** The 12-byte GCM nonce of a sequence number: the generation's salt, then the number. */
    byte[] nonce(long sequence) {
        checkLive();
        return ByteBuffer.allocate(12).put(nonceSalt).putLong(sequence).array();
    }

    /** Moves to the next generation and overwrites this one's secrets. */
    void advance() {
        checkLive();
        if (generation == Integer.MAX_VALUE) {
            throw new IllegalStateException("no key generation after " + generation);
        }
        expand(chain, NEXT_LABEL, scratch, 32);
        System.arraycopy(scratch, 0, chain, 0, 32);
        Arrays.fill(scratch, (byte) 0);
        generation++;
        derive();
    }

    void wipe() {
        for (byte[] owned : ownedArrays()) {
            Arrays.fill(owned, (byte) 0);
        }
        spec = null;
        wiped = true;
    }

    boolean wiped() {
        return wiped;
    }

    /** The arrays holding secrets, the very ones (for tests that check a wipe). */
    List<byte[]> ownedArrays() {
        return List.of(chain, key, nonceSalt, scratch);
    }

    static void expand(byte[] secret, byte[] info, byte[] out, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(secret, info));
        hkdf.generateBytes(out, 0, length);
    }

    private void derive() {
        expand(chain, KEY_LABEL, key, 32);
        expand(chain, NONCE_LABEL, nonceSalt, 4);
        spec = new SecretKeySpec(key, "AES");
        MessageDigest sha256 = ChannelHandshake.sha256();
        sha256.update(KEY_ID_LABEL);
        sha256.update(context);
        sha256.update(ByteBuffer.allocate(4).putInt(generation).array());
        keyId = HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }

    private void checkLive() {
        if (wiped) {
            throw new IllegalStateException("the keys of this direction were wiped");
        }
    }
}
