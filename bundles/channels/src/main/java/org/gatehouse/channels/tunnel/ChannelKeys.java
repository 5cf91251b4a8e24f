package org.gatehouse.channels.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;

/**
 * The key schedule of one channel (docs/channels.md "Keys and frames"): HKDF-Extract (RFC 5869)
 * of the X25519 shared secret, salted with the binding to the TLS connection, then one chain
 * secret per direction (opener to acceptor, acceptor to opener), each expanded with the channel
 * id and both shares. The shared secret and the extracted secret are overwritten as soon as the
 * chains exist.
 */
final class ChannelKeys {
    private static final byte OPENER_TO_ACCEPTOR = 1;
    private static final byte ACCEPTOR_TO_OPENER = 2;
    private static final String CHAIN_LABEL = "gatehouse channel chain";

    private final DirectionKeys send;
    private final DirectionKeys receive;

    /**
     * @param sharedSecret the X25519 secret; overwritten here
     * @param salt         {@link ChannelHandshake#bindingSalt}
     * @param opener       whether this side opened the channel
     */
    ChannelKeys(long channelId, boolean opener, byte[] sharedSecret, byte[] salt, byte[] openerShare, byte[] acceptorShare) {
        byte[] prk = new byte[32];
        byte[] chain = new byte[32];
        try {
            HKDFBytesGenerator extractor = new HKDFBytesGenerator(new SHA256Digest());
            prk = extractor.extractPRK(salt, sharedSecret);
            DirectionKeys toAcceptor = direction(prk, chain, context(channelId, openerShare, acceptorShare, OPENER_TO_ACCEPTOR));
            DirectionKeys toOpener = direction(prk, chain, context(channelId, openerShare, acceptorShare, ACCEPTOR_TO_OPENER));
            this.send = opener ? toAcceptor : toOpener;
            this.receive = opener ? toOpener : toAcceptor;
        } finally {
            Arrays.fill(sharedSecret, (byte) 0);
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(chain, (byte) 0);
        }
    }

    DirectionKeys send() {
        return send;
    }

    DirectionKeys receive() {
        return receive;
    }

    void wipe() {
        send.wipe();
        receive.wipe();
    }

    List<byte[]> ownedArrays() {
        List<byte[]> arrays = new ArrayList<>(send.ownedArrays());
        arrays.addAll(receive.ownedArrays());
        return arrays;
    }

    private static DirectionKeys direction(byte[] prk, byte[] chain, byte[] context) {
        byte[] info = ByteBuffer.allocate(CHAIN_LABEL.length() + context.length).put(CHAIN_LABEL.getBytes(StandardCharsets.US_ASCII)).put(context).array();
        DirectionKeys.expand(prk, info, chain, 32);
        return new DirectionKeys(chain, context);
    }

    private static byte[] context(long channelId, byte[] openerShare, byte[] acceptorShare, byte direction) {
        return ByteBuffer.allocate(8 + openerShare.length + acceptorShare.length + 1)
                .putLong(channelId).put(openerShare).put(acceptorShare).put(direction).array();
    }
}
