package org.gatehouse.channels.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.gatehouse.test.support.pki.Issued;
import org.junit.jupiter.api.Test;

/** The key schedule: one agreement per channel, both sides derive the same keys, rekey, wipe, binding. */
class ChannelKeysTest {
    private static final Issued OPENER = TestElements.ELEMENT_A;
    private static final Issued ACCEPTOR = TestElements.ELEMENT_B;
    private static final Issued STRANGER = TestElements.ELEMENT_C;

    /** Both sides of one channel, made as the handler makes them. */
    record Pair(ChannelKeys opener, ChannelKeys acceptor) {
    }

    static Pair agree(long channelId, Issued openerIdentity, Issued acceptorIdentity) throws GeneralSecurityException {
        KeyPair a = ChannelHandshake.ephemeral();
        KeyPair b = ChannelHandshake.ephemeral();
        byte[] shareA = ChannelHandshake.raw(a.getPublic());
        byte[] shareB = ChannelHandshake.raw(b.getPublic());
        byte[] salt = ChannelHandshake.bindingSalt(openerIdentity.certificate(), acceptorIdentity.certificate());
        ChannelKeys keysA = new ChannelKeys(channelId, true, ChannelHandshake.agree(a.getPrivate(), shareB), salt, shareA, shareB);
        ChannelKeys keysB = new ChannelKeys(channelId, false, ChannelHandshake.agree(b.getPrivate(), shareA), salt, shareA, shareB);
        return new Pair(keysA, keysB);
    }

    static Pair agree(long channelId) throws GeneralSecurityException {
        return agree(channelId, OPENER, ACCEPTOR);
    }

    private static byte[] key(DirectionKeys keys) {
        return keys.ownedArrays().get(1).clone();
    }

    @Test
    void bothSidesDeriveTheSameKeyPerDirectionAndTheDirectionsDiffer() throws GeneralSecurityException {
        Pair pair = agree(1);
        assertArrayEquals(key(pair.opener().send()), key(pair.acceptor().receive()));
        assertArrayEquals(key(pair.acceptor().send()), key(pair.opener().receive()));
        assertEquals(pair.opener().send().keyId(), pair.acceptor().receive().keyId());
        assertFalse(Arrays.equals(key(pair.opener().send()), key(pair.opener().receive())));
        assertNotEquals(pair.opener().send().keyId(), pair.opener().receive().keyId());
    }

    @Test
    void twoChannelsGetDifferentKeysAndKeyIds() throws GeneralSecurityException {
        Pair one = agree(1);
        Pair two = agree(3);
        assertNotEquals(one.opener().send().keyId(), two.opener().send().keyId());
        assertNotEquals(one.opener().receive().keyId(), two.opener().receive().keyId());
        assertFalse(Arrays.equals(key(one.opener().send()), key(two.opener().send())));
    }

    @Test
    void theSameInputsAgainNeverGiveTheSameKey() throws GeneralSecurityException {
        Set<String> keyIds = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Pair pair = agree(7);
            for (DirectionKeys direction : List.of(pair.opener().send(), pair.opener().receive())) {
                assertTrue(keyIds.add(direction.keyId()), "key id repeated: " + direction.keyId());
                assertTrue(keys.add(Arrays.toString(key(direction))), "key repeated at round " + i);
            }
        }
    }

    @Test
    void theKeyIdIsNotTheKeyNorItsHash() throws GeneralSecurityException {
        DirectionKeys keys = agree(1).opener().send();
        String hex = HexFormat.of().formatHex(key(keys));
        String hashHex = HexFormat.of().formatHex(ChannelHandshake.sha256().digest(key(keys)));
        assertFalse(hex.contains(keys.keyId()));
        assertFalse(hashHex.contains(keys.keyId()));
        assertEquals(32, keys.keyId().length(), "16 bytes in hex");
    }

    @Test
    void rekeyMovesBothSidesToANewKeyAndKeyIdAndOverwritesTheOldChain() throws GeneralSecurityException {
        Pair pair = agree(1);
        DirectionKeys send = pair.opener().send();
        String before = send.keyId();
        byte[] keyBefore = key(send);
        byte[] chainArray = send.ownedArrays().get(0);
        byte[] chainBefore = chainArray.clone();
        send.advance();
        pair.acceptor().receive().advance();
        assertEquals(1, send.generation());
        assertNotEquals(before, send.keyId());
        assertFalse(Arrays.equals(keyBefore, key(send)));
        assertFalse(Arrays.equals(chainBefore, chainArray), "the same array now holds the next chain secret");
        assertArrayEquals(key(send), key(pair.acceptor().receive()));
        assertEquals(send.keyId(), pair.acceptor().receive().keyId());
        assertEquals(0, pair.opener().receive().generation(), "each direction rekeys on its own");
    }

    @Test
    void wipeZeroesEveryOwnedArrayAndRefusesFurtherUse() throws GeneralSecurityException {
        ChannelKeys keys = agree(1).opener();
        List<byte[]> owned = keys.ownedArrays();
        assertTrue(owned.stream().anyMatch(a -> !allZero(a)), "secrets are there before the wipe");
        keys.wipe();
        for (byte[] array : owned) {
            assertTrue(allZero(array), "a wiped array still holds " + Arrays.toString(array));
        }
        assertThrows(IllegalStateException.class, () -> keys.send().spec());
        assertThrows(IllegalStateException.class, () -> keys.receive().nonce(0));
        assertThrows(IllegalStateException.class, () -> keys.send().advance());
    }

    @Test
    void theSharedSecretHandedInIsOverwritten() throws GeneralSecurityException {
        KeyPair a = ChannelHandshake.ephemeral();
        KeyPair b = ChannelHandshake.ephemeral();
        byte[] shareA = ChannelHandshake.raw(a.getPublic());
        byte[] shareB = ChannelHandshake.raw(b.getPublic());
        byte[] secret = ChannelHandshake.agree(a.getPrivate(), shareB);
        assertFalse(allZero(secret));
        new ChannelKeys(1, true, secret, new byte[32], shareA, shareB);
        assertTrue(allZero(secret));
    }

    @Test
    void aShareOfSmallOrderIsRefused() throws GeneralSecurityException {
        KeyPair a = ChannelHandshake.ephemeral();
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        assertThrows(InvalidKeyException.class, () -> ChannelHandshake.agree(a.getPrivate(), zero));
        assertThrows(InvalidKeyException.class, () -> ChannelHandshake.agree(a.getPrivate(), one));
        assertEquals(32, ChannelHandshake.agree(a.getPrivate(), ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic())).length);
    }

    @Test
    void theBindingSaltDependsOnBothCertificatesAndTheirOrder() {
        byte[] ab = ChannelHandshake.bindingSalt(OPENER.certificate(), ACCEPTOR.certificate());
        assertFalse(Arrays.equals(ab, ChannelHandshake.bindingSalt(ACCEPTOR.certificate(), OPENER.certificate())));
        assertFalse(Arrays.equals(ab, ChannelHandshake.bindingSalt(STRANGER.certificate(), ACCEPTOR.certificate())));
        assertArrayEquals(ab, ChannelHandshake.bindingSalt(OPENER.certificate(), ACCEPTOR.certificate()));
    }

    @Test
    void aShareSignatureVerifiesOnlyForItsSignerItsChannelAndItsConnection() throws GeneralSecurityException {
        byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
        byte[] transcript = ChannelHandshake.openTranscript(5, OPENER.certificate(), ACCEPTOR.certificate(), share, new byte[0]);
        byte[] signature = ChannelHandshake.sign(OPENER.privateKey(), transcript);
        assertTrue(ChannelHandshake.verify(OPENER.certificate(), transcript, signature));
        assertFalse(ChannelHandshake.verify(STRANGER.certificate(), transcript, signature), "another element's certificate");
        assertFalse(ChannelHandshake.verify(OPENER.certificate(),
                ChannelHandshake.openTranscript(7, OPENER.certificate(), ACCEPTOR.certificate(), share, new byte[0]), signature), "another channel id");
        assertFalse(ChannelHandshake.verify(OPENER.certificate(),
                ChannelHandshake.openTranscript(5, OPENER.certificate(), STRANGER.certificate(), share, new byte[0]), signature),
                "relayed to a connection with another peer");
        assertFalse(ChannelHandshake.verify(OPENER.certificate(), transcript, new byte[] {0x30, 0x00}), "a malformed signature");
        byte[] otherShare = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
        assertFalse(ChannelHandshake.verify(OPENER.certificate(),
                ChannelHandshake.openTranscript(5, OPENER.certificate(), ACCEPTOR.certificate(), otherShare, new byte[0]), signature), "another share");
    }

    static boolean allZero(byte[] array) {
        int any = 0;
        for (byte b : array) {
            any |= b;
        }
        return any == 0;
    }
}
