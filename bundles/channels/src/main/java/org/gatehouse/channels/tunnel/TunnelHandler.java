package org.gatehouse.channels.tunnel;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The channels of one element-to-element tunnel connection (docs/channels.md "Keys and frames"):
 * it opens and accepts channels over mutual TLS, seals and opens their frames, rekeys them, and
 * closes a channel, and wipes its keys, on either end's close, a refused frame or inactivity.
 * It sits after the {@link SslHandler}, {@link TunnelFrameDecoder} and {@link TunnelFrameEncoder}:
 *
 * <pre>{@code
 * pipeline.addLast("tls", sslContext.newHandler(ch.alloc()));            // mutual TLS
 * pipeline.addLast("frames-in", new TunnelFrameDecoder(settings.maxFrameBytes()));
 * pipeline.addLast("frames-out", new TunnelFrameEncoder(settings.maxFrameBytes()));
 * pipeline.addLast("tunnel", new TunnelHandler(settings, identity, listener));
 * }</pre>
 *
 * <p>A frame that is replayed, too old or tampered with closes its channel only. A broken frame,
 * a share whose signature does not verify against this connection's peer certificate, or a
 * handshake out of order closes the whole tunnel connection ({@link #failure()} says why).
 */
public final class TunnelHandler extends ChannelDuplexHandler {
    private final TunnelSettings settings;
    private final ElementIdentity identity;
    private final TunnelListener listener;
    private final Map<Long, TunnelChannel> channels = new HashMap<>();
    private final Map<Long, PendingOpen> pending = new HashMap<>();
    private final CompletableFuture<TunnelHandler> ready = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private X509Certificate peerCertificate;
    private boolean tlsClient;
    private long nextId;
    private long highestPeerId;
    private volatile String failure;

    private record PendingOpen(ChannelHandshake.Offer offer, CompletableFuture<TunnelChannel> opened) {
    }

    public TunnelHandler(TunnelSettings settings, ElementIdentity identity, TunnelListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Completes when mutual TLS is up and bound to the element identity; fails if it cannot be. */
    public CompletableFuture<TunnelHandler> ready() {
        return ready;
    }

    /** Opens a channel: a fresh key agreement with the peer element. */
    public CompletableFuture<TunnelChannel> open() {
        return open(new byte[0]);
    }

    /**
     * Opens a channel carrying {@code assertion} (at most {@link TunnelFrame#MAX_ASSERTION_BYTES}):
     * what this element asserts about it, signed with the share, so the peer learns it from this
     * element and nobody else.
     */
    public CompletableFuture<TunnelChannel> open(byte[] assertion) {
        byte[] copy = assertion.clone();
        CompletableFuture<TunnelChannel> opened = new CompletableFuture<>();
        onLoop(opened, () -> startOpen(opened, copy));
        return opened;
    }

    /** The channels open on this connection now. */
    public CompletableFuture<List<TunnelChannel>> channels() {
        CompletableFuture<List<TunnelChannel>> all = new CompletableFuture<>();
        onLoop(all, () -> all.complete(List.copyOf(channels.values())));
        return all;
    }

    /** Why the tunnel connection was closed by this side, or null. */
    public String failure() {
        return failure;
    }

    /** The certificate the peer element presented on this connection (after {@link #ready()}). */
    public X509Certificate peerCertificate() {
        return peerCertificate;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                bind(context.pipeline().get(SslHandler.class));
            } else {
                ready.completeExceptionally(handshake.cause());
            }
        }
        super.userEventTriggered(context, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof TunnelFrame frame)) {
            ReferenceCountUtil.release(message);
            failTunnel("the tunnel received " + message.getClass().getName() + " where a frame was expected");
            return;
        }
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            failTunnel(frame.type() + " frame of channel " + frame.channelId() + " before the TLS connection was bound");
            return;
        }
        try {
            switch (frame.type()) {
                case OPEN -> accept((TunnelFrame.Share) frame);
                case ACCEPT -> opened((TunnelFrame.Share) frame);
                default -> sealed((TunnelFrame.Sealed) frame);
            }
        } catch (TunnelProtocolException e) {
            failTunnel(e.getMessage());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        for (TunnelChannel channel : new ArrayList<>(channels.values())) {
            finish(channel, CloseReason.TUNNEL_CLOSED, "the tunnel connection closed" + (failure == null ? "" : ": " + failure));
        }
        for (PendingOpen open : pending.values()) {
            open.opened().completeExceptionally(new TunnelProtocolException("the tunnel connection closed before the channel was accepted"));
        }
        pending.clear();
        ready.completeExceptionally(new TunnelProtocolException("the tunnel connection closed"));
        super.channelInactive(context);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        // taken out of a live pipeline: its channels cannot go on, and their keys go now
        for (TunnelChannel channel : new ArrayList<>(channels.values())) {
            finish(channel, CloseReason.TUNNEL_CLOSED, "the tunnel handler was removed from its connection");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        failTunnel(cause instanceof TunnelProtocolException ? cause.getMessage() : "tunnel connection error: " + cause);
    }

    CompletableFuture<Void> send(TunnelChannel channel, byte[] data) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        onLoop(sent, () -> sendOnLoop(channel, data, sent));
        return sent;
    }

    CompletableFuture<Void> closeChannel(TunnelChannel channel, CloseReason reason, String detail) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(done, () -> {
            close(channel, reason, detail);
            done.complete(null);
        });
        return done;
    }

    private void bind(SslHandler tls) {
        SSLSession session = tls.engine().getSession();
        if (peerCertificate != null) {
            rebind(session);
            return;
        }
        Certificate[] local = session.getLocalCertificates();
        if (local == null || local.length == 0 || !local[0].equals(identity.certificate())) {
            failTunnel("the element identity " + identity + " is not the certificate this TLS connection presented");
            return;
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            peerCertificate = (X509Certificate) peer[0];
        } catch (SSLPeerUnverifiedException e) {
            failTunnel("the tunnel needs mutual TLS: the peer element presented no certificate");
            return;
        }
        tlsClient = tls.engine().getUseClientMode();
        nextId = tlsClient ? 1 : 2;
        ready.complete(this);
    }

    /** A second handshake on the connection (TLS 1.2 renegotiation) must not change who the peer is. */
    private void rebind(SSLSession session) {
        try {
            if (!peerCertificate.equals(session.getPeerCertificates()[0])) {
                failTunnel("the peer element's certificate changed in a new TLS handshake on the tunnel connection");
            }
        } catch (SSLPeerUnverifiedException e) {
            failTunnel("the peer element presented no certificate in a new TLS handshake on the tunnel connection");
        }
    }

    private void startOpen(CompletableFuture<TunnelChannel> opened, byte[] assertion) throws GeneralSecurityException {
        if (!ready.isDone() || ready.isCompletedExceptionally() || !ctx.channel().isActive()) {
            opened.completeExceptionally(new IllegalStateException("the tunnel connection is not ready"));
            return;
        }
        if (channels.size() + pending.size() >= settings.maxChannels()) {
            opened.completeExceptionally(new IllegalStateException("the tunnel has " + settings.maxChannels() + " channels open, its maximum"));
            return;
        }
        long id = nextId;
        nextId += 2;
        ChannelHandshake.Offer offer = ChannelHandshake.offer(id, identity, peerCertificate, assertion);
        pending.put(id, new PendingOpen(offer, opened));
        ctx.writeAndFlush(offer.frame());
    }

    /** The peer opens a channel: check its id and signature, agree, sign both shares back. */
    private void accept(TunnelFrame.Share open) {
        long id = open.channelId();
        boolean peerParity = (id & 1) == (tlsClient ? 0 : 1);
        if (id <= 0 || !peerParity || id <= highestPeerId) {
            throw new TunnelProtocolException("OPEN of channel " + id + ": the peer's channel ids are " + (tlsClient ? "even" : "odd")
                    + ", positive and increasing (last " + highestPeerId + ")");
        }
        highestPeerId = id;
        if (channels.size() + pending.size() >= settings.maxChannels()) {
            throw new TunnelProtocolException("OPEN of channel " + id + ": the tunnel has " + settings.maxChannels()
                    + " channels open, its maximum");
        }
        ChannelHandshake.Acceptance acceptance = ChannelHandshake.accept(open, identity, peerCertificate);
        ctx.writeAndFlush(acceptance.frame());
        start(new TunnelChannel(this, id, false, acceptance.keys(), settings, open.assertion()));
    }

    /** The peer accepted a channel we opened. */
    private void opened(TunnelFrame.Share accept) {
        long id = accept.channelId();
        PendingOpen open = pending.remove(id);
        if (open == null) {
            throw new TunnelProtocolException("ACCEPT of channel " + id + ", which this element did not open or already has");
        }
        ChannelKeys keys;
        try {
            keys = ChannelHandshake.complete(open.offer(), accept, identity, peerCertificate);
        } catch (TunnelProtocolException e) {
            open.opened().completeExceptionally(e);
            throw e;
        }
        TunnelChannel channel = new TunnelChannel(this, id, true, keys, settings, open.offer().frame().assertion());
        start(channel);
        open.opened().complete(channel);
    }

    private void start(TunnelChannel channel) {
        channels.put(channel.id(), channel);
        scheduleInactivity(channel, settings.inactivityTimeout().toNanos());
        listener.opened(channel);
    }

    private void sealed(TunnelFrame.Sealed frame) {
        TunnelChannel channel = channels.get(frame.channelId());
        if (channel == null) {
            // a frame may cross this side's CLOSE on the wire; a channel never opened is no different
            return;
        }
        byte[] plain;
        try {
            plain = channel.frameOpener().open(frame);
            channel.frameOpened();
        } catch (ChannelFault fault) {
            close(channel, fault.reason(), fault.getMessage());
            return;
        }
        switch (frame.type()) {
            case DATA -> {
                channel.received(plain.length);
                listener.data(channel, plain);
            }
            case REKEY -> rekeyReceived(channel, plain);
            default -> finish(channel, CloseReason.PEER, CloseReason.peerReason(plain));
        }
    }

    private void rekeyReceived(TunnelChannel channel, byte[] plain) {
        int next = channel.frameOpener().generation() + 1;
        if (plain.length != 4 || ByteBuffer.wrap(plain).getInt() != next) {
            close(channel, CloseReason.UNEXPECTED_GENERATION, "REKEY on channel " + channel.id() + " did not name generation " + next);
            return;
        }
        try {
            channel.frameOpener().rekey();
        } catch (ChannelFault fault) {
            close(channel, fault.reason(), fault.getMessage());
        }
    }

    private void sendOnLoop(TunnelChannel channel, byte[] data, CompletableFuture<Void> sent) {
        if (!channel.isOpen()) {
            sent.completeExceptionally(new IllegalStateException(channel + " is closed"));
            return;
        }
        List<TunnelFrame.Sealed> frames;
        try {
            frames = channel.seal(data, settings.maxPayload());
        } catch (ChannelFault fault) {
            close(channel, fault.reason(), fault.getMessage());
            sent.completeExceptionally(new IllegalStateException(fault.getMessage()));
            return;
        }
        ChannelFuture last = null;
        for (TunnelFrame.Sealed frame : frames) {
            last = ctx.write(frame);
        }
        channel.touch();
        ctx.flush();
        last.addListener(f -> {
            if (f.isSuccess()) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(f.cause());
            }
        });
    }

    /** Closes a channel from this side: a sealed CLOSE with the reason, then the wipe. */
    private void close(TunnelChannel channel, CloseReason reason, String detail) {
        if (!channel.isOpen()) {
            return;
        }
        if (ctx.channel().isActive()) {
            byte[] body = reason.closeBody(detail);
            try {
                ctx.writeAndFlush(channel.sealer().seal(FrameType.CLOSE, body, 0, body.length));
            } catch (ChannelFault fault) {
                // no sequence number left for the CLOSE: the peer's inactivity timeout closes its side
                ctx.flush();
            }
        }
        finish(channel, reason, detail);
    }

    private void finish(TunnelChannel channel, CloseReason reason, String detail) {
        if (!channel.isOpen()) {
            return;
        }
        channels.remove(channel.id());
        listener.closed(channel.finish(reason, detail));
    }

    private void scheduleInactivity(TunnelChannel channel, long delayNanos) {
        channel.inactivity(ctx.executor().schedule(() -> {
            if (!channel.isOpen()) {
                return;
            }
            long idle = System.nanoTime() - channel.lastActivity();
            long timeout = settings.inactivityTimeout().toNanos();
            if (idle >= timeout) {
                close(channel, CloseReason.INACTIVE, "no data on channel " + channel.id() + " for " + settings.inactivityTimeout());
            } else {
                scheduleInactivity(channel, timeout - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS));
    }

    private void failTunnel(String why) {
        if (failure == null) {
            failure = why;
        }
        ready.completeExceptionally(new TunnelProtocolException(why));
        ctx.close();
    }

    private interface LoopTask {
        void run() throws Exception;
    }

    private void onLoop(CompletableFuture<?> result, LoopTask task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (Exception | LinkageError e) {
                result.completeExceptionally(e);
            }
        };
        if (ctx == null) {
            result.completeExceptionally(new IllegalStateException("the tunnel handler is not in a pipeline"));
        } else if (ctx.executor().inEventLoop()) {
            guarded.run();
        } else {
            ctx.executor().execute(guarded);
        }
    }
}
