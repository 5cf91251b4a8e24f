package org.gatehouse.channels.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * The cryptography of opening a channel (docs/channels.md "Keys and frames"): an ephemeral X25519
 * key pair per channel (RFC 7748, JCA {@code XDH}), the signatures that bind each share to this
 * TLS connection, and the salt that binds the derived keys to the two certificates of it.
 *
 * <p>JDK 17's {@code SSLSession} has no TLS exporter (RFC 5705/8446) and neither has netty-tcnative
 * 2.0.84 for OpenSSL, so the binding is by signature instead: each side signs its share (and the
 * acceptor both shares), the channel id and the hashes of both certificates with the private key
 * of its TLS certificate, and the other side verifies against the certificate this connection
 * presented. A share received on one connection cannot be relayed on another.
 */
final class ChannelHandshake {
    private static final String OPEN_LABEL = "gatehouse channel open v1";
    private static final String ACCEPT_LABEL = "gatehouse channel accept v1";
    private static final String SALT_LABEL = "gatehouse channel binding v1";
    /** The DER prefix of an X25519 SubjectPublicKeyInfo (RFC 8410), before the 32 raw bytes. */
    private static final byte[] X25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};

    private ChannelHandshake() {
    }

    /** What the opener sends and keeps: its ephemeral key pair and the signed OPEN frame. */
    record Offer(long channelId, KeyPair ephemeral, TunnelFrame.Share frame) {
    }

    /** What the acceptor sends and keeps: the signed ACCEPT frame and the channel's keys. */
    record Acceptance(TunnelFrame.Share frame, ChannelKeys keys) {
    }

    /** The opener's side: a fresh share, signed for this channel and this connection. */
    static Offer offer(long channelId, ElementIdentity self, X509Certificate peer, byte[] assertion) throws GeneralSecurityException {
        KeyPair ephemeral = ephemeral();
        byte[] share = raw(ephemeral.getPublic());
        byte[] signature = sign(self.privateKey(), openTranscript(channelId, self.certificate(), peer, share, assertion));
        return new Offer(channelId, ephemeral, new TunnelFrame.Share(FrameType.OPEN, channelId, share, signature, assertion));
    }

    /** The acceptor's side: verify the opener's share against this connection's peer, agree, sign both shares back. */
    static Acceptance accept(TunnelFrame.Share open, ElementIdentity self, X509Certificate peer) {
        long id = open.channelId();
        if (!verify(peer, openTranscript(id, peer, self.certificate(), open.share(), open.assertion()), open.signature())) {
            throw unbound(open, peer);
        }
        try {
            KeyPair ephemeral = ephemeral();
            byte[] share = raw(ephemeral.getPublic());
            ChannelKeys keys = new ChannelKeys(id, false, agree(ephemeral.getPrivate(), open.share()), bindingSalt(peer, self.certificate()),
                    open.share(), share);
            byte[] signature = sign(self.privateKey(), acceptTranscript(id, peer, self.certificate(), open.share(), share, open.assertion()));
            return new Acceptance(new TunnelFrame.Share(FrameType.ACCEPT, id, share, signature), keys);
        } catch (GeneralSecurityException e) {
            throw new TunnelProtocolException("OPEN of channel " + id + ": " + e.getMessage(), e);
        }
    }

    /** The opener's side again: verify the acceptor's signature over both shares, agree. */
    static ChannelKeys complete(Offer offer, TunnelFrame.Share accept, ElementIdentity self, X509Certificate peer) {
        byte[] openerShare = offer.frame().share();
        if (!verify(peer, acceptTranscript(offer.channelId(), self.certificate(), peer, openerShare, accept.share(), offer.frame().assertion()),
                accept.signature())) {
            throw unbound(accept, peer);
        }
        try {
            return new ChannelKeys(offer.channelId(), true, agree(offer.ephemeral().getPrivate(), accept.share()), bindingSalt(self.certificate(), peer),
                    openerShare, accept.share());
        } catch (GeneralSecurityException e) {
            throw new TunnelProtocolException("ACCEPT of channel " + offer.channelId() + ": " + e.getMessage(), e);
        }
    }

    private static TunnelProtocolException unbound(TunnelFrame.Share frame, X509Certificate peer) {
        return new TunnelProtocolException(frame.type() + " of channel " + frame.channelId()
                + ": the share's signature does not verify against the certificate of this TLS connection, " + peer.getSubjectX500Principal().getName());
    }

    /** A fresh X25519 key pair: one per channel and side, never reused. */
    static KeyPair ephemeral() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("X25519").generateKeyPair();
    }

    /** The 32 raw bytes of an X25519 public key. */
    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X25519_SPKI_PREFIX.length + TunnelFrame.SHARE_BYTES
                || !Arrays.equals(encoded, 0, X25519_SPKI_PREFIX.length, X25519_SPKI_PREFIX, 0, X25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an X25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(encoded, X25519_SPKI_PREFIX.length, encoded.length);
    }

    /**
     * The X25519 shared secret of our private key and the peer's raw share. An all-zero result (a
     * share of small order, RFC 7748 section 6.1) is refused.
     */
    static byte[] agree(PrivateKey ours, byte[] peerShare) throws GeneralSecurityException {
        byte[] spki = ByteBuffer.allocate(X25519_SPKI_PREFIX.length + TunnelFrame.SHARE_BYTES).put(X25519_SPKI_PREFIX).put(peerShare).array();
        PublicKey peer = KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(spki));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(ours);
        agreement.doPhase(peer, true);
        byte[] secret = agreement.generateSecret();
        int any = 0;
        for (byte b : secret) {
            any |= b;
        }
        if (any == 0) {
            throw new InvalidKeyException("the peer's X25519 share gives an all-zero secret");
        }
        return secret;
    }

    /** What the opener signs: its share, the channel id, both certificates and its assertion. */
    static byte[] openTranscript(long channelId, X509Certificate opener, X509Certificate acceptor, byte[] openerShare, byte[] assertion) {
        return transcript(OPEN_LABEL, channelId, opener, acceptor, openerShare, new byte[0], assertion);
    }

    /** What the acceptor signs: both shares, the channel id, both certificates and the opener's assertion. */
    static byte[] acceptTranscript(long channelId, X509Certificate opener, X509Certificate acceptor, byte[] openerShare, byte[] acceptorShare,
            byte[] assertion) {
        return transcript(ACCEPT_LABEL, channelId, opener, acceptor, openerShare, acceptorShare, assertion);
    }

    /** The HKDF salt: both certificates of the TLS connection, opener's first. */
    static byte[] bindingSalt(X509Certificate opener, X509Certificate acceptor) {
        MessageDigest sha256 = sha256();
        sha256.update(SALT_LABEL.getBytes(StandardCharsets.US_ASCII));
        sha256.update(certificateHash(opener));
        sha256.update(certificateHash(acceptor));
        return sha256.digest();
    }

    static byte[] sign(PrivateKey key, byte[] transcript) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(signatureAlgorithm(key.getAlgorithm()));
        signature.initSign(key);
        signature.update(transcript);
        return signature.sign();
    }

    /** Whether the signature verifies against the certificate's key; a malformed signature does not. */
    static boolean verify(X509Certificate signer, byte[] transcript, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm(signer.getPublicKey().getAlgorithm()));
            signature.initVerify(signer.getPublicKey());
            signature.update(transcript);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("no channel signature for a TLS key of type " + keyAlgorithm);
        };
    }

    /** The assertion goes last, with its length, so that no assertion and an empty one sign alike and nothing can shift into it. */
    private static byte[] transcript(String label, long channelId, X509Certificate opener, X509Certificate acceptor, byte[] openerShare,
            byte[] acceptorShare, byte[] assertion) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(labelBytes.length + 8 + 32 + 32 + openerShare.length + acceptorShare.length + 4 + assertion.length)
                .put(labelBytes).putLong(channelId).put(certificateHash(opener)).put(certificateHash(acceptor))
                .put(openerShare).put(acceptorShare).putInt(assertion.length).put(assertion).array();
    }

    private static byte[] certificateHash(X509Certificate certificate) {
        try {
            return sha256().digest(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("a certificate that cannot be encoded: " + certificate.getSubjectX500Principal(), e);
        }
    }
}
