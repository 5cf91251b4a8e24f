package org.gatehouse.channels.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two elements over a real mutual-TLS connection on 127.0.0.1, through a relay that records the
 * wire: channels with their own keys, data both ways, a replayed frame closing its channel only,
 * rekey, inactivity, and shares that do not belong to this connection.
 */
class TunnelOverTlsTest {
    private static final long WAIT = TunnelEnds.WAIT_SECONDS;

    private static TunnelEnds ends(TunnelSettings client, TunnelSettings server) throws Exception {
        TunnelEnds ends = new TunnelEnds(client, server, TestElements.identity(TestElements.ELEMENT_A));
        ends.client.tunnel().ready().get(WAIT, TimeUnit.SECONDS);
        ends.server.tunnel().ready().get(WAIT, TimeUnit.SECONDS);
        return ends;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void assertWiped(TunnelChannel channel) {
        for (byte[] array : channel.ownedArrays()) {
            assertTrue(ChannelKeysTest.allZero(array), channel + " still holds key bytes");
        }
    }

    @Test
    void twoChannelsCarryDataBothWaysUnderTheirOwnKeysAndAReplayClosesOnlyItsChannel() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            TunnelChannel one = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            TunnelChannel two = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            TunnelChannel serverOne = ends.server.nextOpened();
            TunnelChannel serverTwo = ends.server.nextOpened();
            assertEquals(List.of(1L, 3L), List.of(one.id(), two.id()), "the TLS client's channels are odd");
            assertEquals(List.of(1L, 3L), List.of(serverOne.id(), serverTwo.id()));

            one.send(utf8("alpha secret payload")).get(WAIT, TimeUnit.SECONDS);
            two.send(utf8("bravo secret payload")).get(WAIT, TimeUnit.SECONDS);
            assertEquals("alpha secret payload", ends.server.next(1));
            assertEquals("bravo secret payload", ends.server.next(3));
            serverOne.send(utf8("alpha secret answer")).get(WAIT, TimeUnit.SECONDS);
            serverTwo.send(utf8("bravo secret answer")).get(WAIT, TimeUnit.SECONDS);
            assertEquals("alpha secret answer", ends.client.next(1));
            assertEquals("bravo secret answer", ends.client.next(3));

            assertNotEquals(one.sendKeyId(), two.sendKeyId());
            assertNotEquals(one.receiveKeyId(), two.receiveKeyId());
            assertNotEquals(one.sendKeyId(), one.receiveKeyId());
            assertEquals(one.sendKeyId(), serverOne.receiveKeyId(), "both ends name the same key the same way");
            assertEquals(one.receiveKeyId(), serverOne.sendKeyId());

            // the last DATA frame the client wrote on channel 1, written again under TLS as a new record
            byte[] captured = lastFrame(ends.recorder.frames, FrameType.DATA, 1);
            ends.recorder.writeAgain(captured);
            ChannelClosed atServer = ends.server.nextClosed();
            assertEquals(1, atServer.channelId());
            assertEquals(CloseReason.REPLAYED, atServer.reason());
            assertEquals("DATA frame 0 of generation 0 on channel 1: that sequence number was already received", atServer.detail());
            assertEquals(serverOne.receiveKeyId(), atServer.receiveKeyId(), "the audit names the key by its id");
            ChannelClosed atClient = ends.client.nextClosed();
            assertEquals(CloseReason.PEER, atClient.reason());
            assertTrue(atClient.detail().startsWith("the peer closed it: REPLAYED (DATA frame 0"), atClient.detail());
            assertFalse(serverOne.isOpen());
            assertFalse(one.isOpen());
            assertWiped(serverOne);
            assertWiped(one);
            assertThrows(ExecutionException.class, () -> one.send(utf8("after close")).get(WAIT, TimeUnit.SECONDS));

            // the other channel and the tunnel carry on
            two.send(utf8("bravo still here")).get(WAIT, TimeUnit.SECONDS);
            assertEquals("bravo still here", ends.server.next(3));
            serverTwo.send(utf8("bravo answer again")).get(WAIT, TimeUnit.SECONDS);
            assertEquals("bravo answer again", ends.client.next(3));
            assertTrue(two.isOpen() && serverTwo.isOpen());
            assertNull(ends.server.tunnel().failure());
            assertTrue(ends.client.connection.isActive());

            // a channel opened later gets yet another key
            TunnelChannel five = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            assertEquals(5, five.id());
            assertFalse(List.of(one.sendKeyId(), two.sendKeyId()).contains(five.sendKeyId()));

            two.close().get(WAIT, TimeUnit.SECONDS);
            ChannelClosed closedTwo = ends.server.nextClosed();
            assertEquals(3, closedTwo.channelId());
            assertEquals(CloseReason.PEER, closedTwo.reason());
            assertEquals(CloseReason.LOCAL, ends.client.nextClosed().reason());
            assertWiped(serverTwo);
            assertWiped(two);

            for (String clear : List.of("alpha secret payload", "bravo secret payload", "alpha secret answer", "secret")) {
                assertFalse(contains(ends.wireBytes(), utf8(clear)), "'" + clear + "' appears on the wire");
                for (byte[] frame : ends.recorder.frames) {
                    assertFalse(contains(frame, utf8(clear)), "'" + clear + "' appears in a sealed frame under TLS");
                }
            }
            assertTrue(ends.wireBytes().length > 1000, "the relay saw the traffic: " + ends.wireBytes().length + " bytes");
        }
    }

    @Test
    void aSenderRekeysAfterTheConfiguredFramesAndTheReceiverFollows() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults().withRekeyAfterFrames(3), TunnelSettings.defaults())) {
            TunnelChannel channel = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            TunnelChannel peer = ends.server.nextOpened();
            String first = channel.sendKeyId();
            for (int i = 0; i < 10; i++) {
                channel.send(utf8("message " + i)).get(WAIT, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("message " + i, ends.server.next(channel.id()));
            }
            assertEquals(3, channel.sendGeneration(), "a new generation before frames 3, 6 and 9");
            assertEquals(3, peer.receiveGeneration());
            assertNotEquals(first, channel.sendKeyId());
            assertEquals(channel.sendKeyId(), peer.receiveKeyId());
            assertEquals(0, channel.receiveGeneration(), "the other direction rekeys on its own count");
            long rekeys = ends.recorder.frames.stream().filter(f -> f[4] == FrameType.REKEY.code()).count();
            assertEquals(3, rekeys);

            // a frame of a generation the sender has left is refused and closes the channel
            ends.recorder.writeAgain(lastFrame(ends.recorder.frames.subList(0, 4), FrameType.DATA, channel.id()));
            ChannelClosed closed = ends.server.nextClosed();
            assertEquals(CloseReason.TOO_OLD, closed.reason());
            assertEquals("DATA frame 2 of generation 0 on channel 1: the receiving generation is 3", closed.detail());
        }
    }

    @Test
    void anInactiveChannelIsClosedAndWipedWhileAnActiveOneStaysOpen() throws Exception {
        Duration timeout = Duration.ofMillis(1500);
        try (TunnelEnds ends = ends(TunnelSettings.defaults().withInactivityTimeout(timeout), TunnelSettings.defaults())) {
            TunnelChannel idle = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            TunnelChannel busy = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            TunnelChannel peerIdle = ends.server.nextOpened();
            long start = System.nanoTime();
            idle.send(utf8("once")).get(WAIT, TimeUnit.SECONDS);
            while (idle.isOpen() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(WAIT)) {
                busy.send(utf8("keep-alive")).get(WAIT, TimeUnit.SECONDS);
                Thread.sleep(200);
            }
            assertFalse(idle.isOpen(), "the idle channel closed");
            assertTrue(System.nanoTime() - start >= timeout.toNanos(), "not before its timeout");
            assertTrue(busy.isOpen(), "a channel with data every 200 ms stays open");
            ChannelClosed event = ends.client.nextClosed();
            assertEquals(CloseReason.INACTIVE, event.reason());
            assertEquals("no data on channel " + idle.id() + " for PT1.5S", event.detail());
            assertWiped(idle);
            ChannelClosed atServer = ends.server.nextClosed();
            assertEquals(CloseReason.PEER, atServer.reason());
            assertTrue(atServer.detail().contains("INACTIVE"), atServer.detail());
            assertWiped(peerIdle);
            busy.send(utf8("still open")).get(WAIT, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOpenersAssertionReachesTheAcceptorSignedAndAnAlteredOneClosesTheTunnel() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            TunnelChannel opened = ends.client.tunnel().open(utf8("source=spiffe://example.org/billing")).get(WAIT, TimeUnit.SECONDS);
            TunnelChannel accepted = ends.server.nextOpened();
            assertEquals("source=spiffe://example.org/billing", new String(accepted.assertion(), StandardCharsets.UTF_8));
            assertEquals("source=spiffe://example.org/billing", new String(opened.assertion(), StandardCharsets.UTF_8));
            opened.send(utf8("counted")).get(WAIT, TimeUnit.SECONDS);
            assertEquals("counted", ends.server.next(opened.id()));
            assertEquals(7, opened.bytesSent());
            assertEquals(7, accepted.bytesReceived());
            assertEquals(1, accepted.framesReceived());
            accepted.refuse("rule deny-all").get(WAIT, TimeUnit.SECONDS);
            ChannelClosed refused = ends.client.nextClosed();
            assertEquals(CloseReason.PEER, refused.reason());
            assertEquals("the peer closed it: REFUSED (rule deny-all)", refused.detail());
            assertEquals(7, refused.bytesSent());
            assertEquals(1, refused.framesSent());
        }
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            // a share signed with one assertion, sent with another: the acceptor refuses it
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_A.privateKey(), ChannelHandshake.openTranscript(101,
                    TestElements.ELEMENT_A.certificate(), TestElements.ELEMENT_B.certificate(), share, utf8("source=reporting")));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(
                    new TunnelFrame.Share(FrameType.OPEN, 101, share, signature, utf8("source=billing")));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertFalse(ends.server.connection.isActive());
            assertTrue(ends.server.tunnel().failure().startsWith("OPEN of channel 101: the share's signature does not verify"));
        }
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            // the assertion stripped from a frame signed with it: refused too
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_A.privateKey(), ChannelHandshake.openTranscript(101,
                    TestElements.ELEMENT_A.certificate(), TestElements.ELEMENT_B.certificate(), share, utf8("source=reporting")));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.OPEN, 101, share, signature));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertTrue(ends.server.tunnel().failure().startsWith("OPEN of channel 101: the share's signature does not verify"));
        }
    }

    @Test
    void aShareSignedForAnotherConnectionClosesTheTunnel() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            // element A's own share, but signed for a connection to element C, as a relay would pass it on
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_A.privateKey(),
                    ChannelHandshake.openTranscript(101, TestElements.ELEMENT_A.certificate(), TestElements.ELEMENT_C.certificate(), share, new byte[0]));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.OPEN, 101, share, signature));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertFalse(ends.server.connection.isActive());
            assertEquals("OPEN of channel 101: the share's signature does not verify against the certificate of this TLS connection, "
                    + "CN=element-a,O=Gatehouse Test", ends.server.tunnel().failure());
        }
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            // element C's share and signature relayed onto A's connection
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_C.privateKey(),
                    ChannelHandshake.openTranscript(101, TestElements.ELEMENT_C.certificate(), TestElements.ELEMENT_B.certificate(), share, new byte[0]));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.OPEN, 101, share, signature));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertTrue(ends.server.tunnel().failure().startsWith("OPEN of channel 101: the share's signature does not verify"));
        }
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            // the same frame, signed for this connection, opens a channel
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_A.privateKey(),
                    ChannelHandshake.openTranscript(101, TestElements.ELEMENT_A.certificate(), TestElements.ELEMENT_B.certificate(), share, new byte[0]));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.OPEN, 101, share, signature));
            assertEquals(101, ends.server.nextOpened().id());
            assertNull(ends.server.tunnel().failure());
        }
    }

    @Test
    void anOpenWithTheWrongSideOfChannelIdsOrAReusedIdClosesTheTunnel() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            TunnelChannel first = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_A.privateKey(),
                    ChannelHandshake.openTranscript(first.id(), TestElements.ELEMENT_A.certificate(), TestElements.ELEMENT_B.certificate(), share,
                            new byte[0]));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.OPEN, first.id(), share, signature));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertEquals("OPEN of channel 1: the peer's channel ids are odd, positive and increasing (last 1)", ends.server.tunnel().failure());
            assertEquals(CloseReason.TUNNEL_CLOSED, ends.client.nextClosed().reason(), "the client's channel closed with the tunnel");
            assertWiped(first);
        }
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            byte[] signature = ChannelHandshake.sign(TestElements.ELEMENT_A.privateKey(),
                    ChannelHandshake.openTranscript(4, TestElements.ELEMENT_A.certificate(), TestElements.ELEMENT_B.certificate(), share, new byte[0]));
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.OPEN, 4, share, signature));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertEquals("OPEN of channel 4: the peer's channel ids are odd, positive and increasing (last 0)", ends.server.tunnel().failure());
        }
    }

    @Test
    void theOpenSslProviderBindsTheSameWay() throws Exception {
        assertTrue(OpenSsl.isAvailable(), "OpenSSL (netty-tcnative) loads here: " + OpenSsl.unavailabilityCause());
        try (TunnelEnds ends = new TunnelEnds(TunnelSettings.defaults(), TunnelSettings.defaults(), TestElements.identity(TestElements.ELEMENT_A),
                SslProvider.OPENSSL, true)) {
            ends.client.tunnel().ready().get(WAIT, TimeUnit.SECONDS);
            assertEquals(TestElements.ELEMENT_A.certificate(), ends.server.tunnel().ready().get(WAIT, TimeUnit.SECONDS).peerCertificate());
            TunnelChannel channel = ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            TunnelChannel peer = ends.server.nextOpened();
            channel.send(utf8("over OpenSSL")).get(WAIT, TimeUnit.SECONDS);
            assertEquals("over OpenSSL", ends.server.next(channel.id()));
            assertEquals(channel.sendKeyId(), peer.receiveKeyId());
        }
        try (TunnelEnds ends = new TunnelEnds(TunnelSettings.defaults(), TunnelSettings.defaults(), TestElements.identity(TestElements.ELEMENT_C),
                SslProvider.OPENSSL, true)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> ends.client.tunnel().ready().get(WAIT, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().endsWith("is not the certificate this TLS connection presented"), e.getCause().getMessage());
        }
    }

    @Test
    void aPeerWithoutACertificateGetsNoTunnel() throws Exception {
        try (TunnelEnds ends = new TunnelEnds(TunnelSettings.defaults(), TunnelSettings.defaults(), TestElements.identity(TestElements.ELEMENT_A),
                SslProvider.JDK, false)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> ends.server.tunnel().ready().get(WAIT, TimeUnit.SECONDS));
            assertEquals("the tunnel needs mutual TLS: the peer element presented no certificate", e.getCause().getMessage());
            assertEquals("the tunnel needs mutual TLS: the peer element presented no certificate", ends.server.tunnel().failure());
            assertThrows(ExecutionException.class, () -> ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS));
        }
    }

    @Test
    void theChannelLimitHoldsOnBothSides() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults().withMaxChannels(2), TunnelSettings.defaults().withMaxChannels(3))) {
            ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            ExecutionException local = assertThrows(ExecutionException.class, () -> ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS));
            assertEquals("the tunnel has 2 channels open, its maximum", local.getCause().getMessage());
            assertNull(ends.server.tunnel().failure(), "two channels are within the server's limit");
        }
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults().withMaxChannels(2))) {
            ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS);
            assertThrows(ExecutionException.class, () -> ends.client.tunnel().open().get(WAIT, TimeUnit.SECONDS));
            assertEquals("OPEN of channel 5: the tunnel has 2 channels open, its maximum", ends.server.tunnel().failure());
        }
    }

    @Test
    void anAcceptOfAChannelTheOtherSideDidNotOpenClosesTheTunnel() throws Exception {
        try (TunnelEnds ends = ends(TunnelSettings.defaults(), TunnelSettings.defaults())) {
            byte[] share = ChannelHandshake.raw(ChannelHandshake.ephemeral().getPublic());
            ends.client.connection.pipeline().context("tunnel").writeAndFlush(new TunnelFrame.Share(FrameType.ACCEPT, 2, share, new byte[] {1}));
            ends.server.connection.closeFuture().await(WAIT, TimeUnit.SECONDS);
            assertEquals("ACCEPT of channel 2, which this element did not open or already has", ends.server.tunnel().failure());
        }
    }

    @Test
    void anIdentityThatIsNotTheConnectionsCertificateIsRefused() throws Exception {
        try (TunnelEnds ends = new TunnelEnds(TunnelSettings.defaults(), TunnelSettings.defaults(), TestElements.identity(TestElements.ELEMENT_C))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> ends.client.tunnel().ready().get(WAIT, TimeUnit.SECONDS));
            assertEquals("the element identity ElementIdentity[CN=element-c,O=Gatehouse Test] is not the certificate this TLS connection presented",
                    e.getCause().getMessage());
        }
    }

    /** The last recorded frame of that type and channel. */
    static byte[] lastFrame(List<byte[]> frames, FrameType type, long channelId) throws GeneralSecurityException {
        for (int i = frames.size() - 1; i >= 0; i--) {
            ByteBuffer frame = ByteBuffer.wrap(frames.get(i));
            if (frame.remaining() >= TunnelFrame.PREFIX && frame.get(4) == type.code() && frame.getLong(5) == channelId) {
                return frames.get(i);
            }
        }
        throw new GeneralSecurityException("no " + type + " frame of channel " + channelId + " was recorded");
    }
}
