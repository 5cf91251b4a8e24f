package org.gatehouse.dataplane.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.dataplane.tls.UpstreamTlsException;
import org.gatehouse.dataplane.upstream.UpstreamMember;
import org.gatehouse.dataplane.upstream.UpstreamPool;

/**
 * Client side of a TCP relay: nothing is read from the client until a pool member accepted a
 * connection and, for a pool with TLS, the handshake passed (members that refuse or fail TLS are
 * skipped, TLS failures logged); then each side is read only while the other
 * can take the bytes. When either side closes, the other is closed after its pending writes.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane.upstream");
    private final UpstreamPool pool;
    private final Set<UpstreamMember> tried = new HashSet<>();
    private Channel upstream;
    private UpstreamMember member;

    TcpRelayHandler(UpstreamPool pool) {
        this.pool = pool;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        connectNext(ctx);
        ctx.fireChannelActive();
    }

    private void connectNext(ChannelHandlerContext ctx) {
        Optional<UpstreamMember> next = pool.pick(tried);
        if (next.isEmpty()) {
            ctx.close();
            return;
        }
        UpstreamMember candidate = next.get();
        tried.add(candidate);
        Future<Channel> open = pool.open(candidate, ctx.channel().eventLoop(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // bytes from the member go back to the client
                ch.pipeline().addLast("relay-back", new RelayBackHandler(ctx.channel()));
            }
        }, false);
        open.addListener((Future<Channel> f) -> {
            if (!f.isSuccess()) {
                if (f.cause() instanceof UpstreamTlsException) {
                    UpstreamTlsException failure = (UpstreamTlsException) f.cause();
                    LOG.log(System.Logger.Level.WARNING, "tcp relay of pool {0}: {1} ({2})", pool.name(), failure.getMessage(),
                            failure.kind().code());
                }
                connectNext(ctx);
                return;
            }
            if (!ctx.channel().isActive()) {
                f.getNow().close();
                return;
            }
            upstream = f.getNow();
            member = candidate;
            candidate.acquiredRelay();
            upstream.closeFuture().addListener(c -> candidate.releasedRelay());
            ctx.read();
            upstream.read();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upstream == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        upstream.writeAndFlush(msg).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ctx.close();
            } else {
                ctx.read(); // the bytes left for the member: room for the next read
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upstream != null) {
            closeAfterFlush(upstream);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public String toString() {
        return "tcp relay to " + (member == null ? "(connecting)" : member);
    }
}
