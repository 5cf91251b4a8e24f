package org.gatehouse.channels.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.gatehouse.channels.policy.Answer;
import org.gatehouse.channels.policy.ChannelDecision;
import org.gatehouse.channels.policy.ChannelPolicy;
import org.gatehouse.channels.policy.ChannelRequest;
import org.gatehouse.channels.policy.ConnectionCounts;
import org.gatehouse.channels.policy.Protocol;
import org.gatehouse.channels.policy.Service;
import org.gatehouse.channels.policy.Side;
import org.gatehouse.channels.tunnel.ChannelClosed;
import org.gatehouse.channels.tunnel.TunnelChannel;
import org.gatehouse.channels.tunnel.TunnelHandler;
import org.gatehouse.channels.tunnel.TunnelListener;

/**
 * One channel a peer element opened to this one, on the egress side (docs/channels.md "In the
 * element"): decided with this element's policy for the identity the peer asserted; when enabled,
 * the request it carries is read (Netty's HTTP/1.1 request decoder), checked against a qualified
 * channel's commands, and written to the target service (the host this element's policy names for
 * it); the target's bytes go back sealed. A channel carries one request: a second one, a request
 * the decoder cannot read, or a command the rule does not allow refuses the channel.
 */
final class EgressChannel {
    private final TunnelChannel channel;
    private final EventLoop loop;
    private final ChannelDecision decision;
    private final ConnectionCounts.Lease lease;
    private final EmbeddedChannel requests = new EmbeddedChannel(new HttpRequestDecoder());
    private final List<HttpObject> waiting = new ArrayList<>();
    private Channel target;
    private int requestCount;
    private boolean ended;

    private EgressChannel(TunnelChannel channel, EventLoop loop, ChannelDecision decision, ConnectionCounts.Lease lease) {
        this.channel = channel;
        this.loop = loop;
        this.decision = decision;
        this.lease = lease;
    }

    /** The channels of one tunnel connection a peer opened, all on its event loop. */
    static final class Listener implements TunnelListener {
        private final EventLoop loop;
        private final Supplier<ChannelPolicy> policy;
        private final ConnectionCounts counts;
        private final ChannelEvents events;
        private final Map<Long, EgressChannel> channels = new HashMap<>();
        private TunnelHandler tunnel;

        Listener(EventLoop loop, Supplier<ChannelPolicy> policy, ConnectionCounts counts, ChannelEvents events) {
            this.loop = loop;
            this.policy = policy;
            this.counts = counts;
            this.events = events;
        }

        /** The tunnel connection this listener serves, for the peer's name in events. */
        void tunnel(TunnelHandler handler) {
            this.tunnel = handler;
        }

        @Override
        public void opened(TunnelChannel channel) {
            if (channel.opener()) {
                channel.refuse("a channel listener's element opens no channels");
                return;
            }
            ChannelAssertion assertion;
            try {
                assertion = ChannelAssertion.decode(channel.assertion());
            } catch (IllegalArgumentException e) {
                events.denied("egress", "(unreadable assertion)", "-", 0, "denied [bad-assertion] " + e.getMessage());
                channel.refuse("denied [bad-assertion]");
                return;
            }
            ChannelPolicy current = policy.get();
            String source = assertion.source().key();
            ChannelDecision decision = current.decide(ChannelRequest.of(Side.EGRESS, assertion.source(), assertion.service(), assertion.port(),
                    Protocol.HTTP, events.clock(), counts));
            if (decision.answer() == Answer.DENY) {
                events.denied("egress", source, assertion.service(), assertion.port(), decision.toString());
                channel.refuse(decision.toString());
                return;
            }
            Optional<ConnectionCounts.Lease> lease = counts.acquire(decision);
            // decide() denies a service the policy does not have; one that is gone is a policy read since
            Service service = current.services().get(assertion.service());
            if (lease.isEmpty() || service == null) {
                lease.ifPresent(ConnectionCounts.Lease::close);
                String why = (lease.isEmpty() ? "denied [connection-limit] rule [" : "denied [unknown-target] rule [") + decision.rule() + "]";
                events.denied("egress", source, assertion.service(), assertion.port(), why);
                channel.refuse(why);
                return;
            }
            EgressChannel egress = new EgressChannel(channel, loop, decision, lease.get());
            channels.put(channel.id(), egress);
            String peer = tunnel == null || tunnel.peerCertificate() == null ? "-" : tunnel.peerCertificate().getSubjectX500Principal().getName();
            events.opened(new OpenChannel("egress", peer, source, assertion.service(), assertion.port(), decision.rule(),
                    Instant.now(events.clock()), channel), decision);
            egress.connect(service.host(), assertion.port(), events);
        }

        @Override
        public void data(TunnelChannel channel, byte[] data) {
            EgressChannel egress = channels.get(channel.id());
            if (egress != null) {
                egress.fromPeer(data, events);
            }
        }

        @Override
        public void closed(ChannelClosed event) {
            EgressChannel egress = channels.remove(event.channelId());
            if (egress != null) {
                events.closed(egress.channel, event);
                egress.end();
            }
        }
    }

    private void connect(String host, int port, ChannelEvents events) {
        new Bootstrap().group(loop).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // the request as read and checked, written again as HTTP/1.1
                        ch.pipeline().addLast("request", new HttpRequestEncoder());
                        // the target's bytes, sealed back to the peer as they come
                        ch.pipeline().addLast("response", new TargetBytes());
                    }
                }).connect(host, port).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess() || ended) {
                        f.channel().close();
                        channel.close();
                        return;
                    }
                    target = f.channel();
                    waiting.forEach(target::write);
                    waiting.clear();
                    target.flush();
                });
    }

    private void fromPeer(byte[] data, ChannelEvents events) {
        requests.writeInbound(Unpooled.wrappedBuffer(data));
        Object read;
        while ((read = requests.readInbound()) != null) {
            HttpObject part = (HttpObject) read;
            Optional<String> refusal = check(part);
            if (refusal.isPresent()) {
                ReferenceCountUtil.release(part);
                events.denied("egress", decision.sourceKey(), "-", 0, refusal.get());
                channel.refuse(refusal.get());
                return;
            }
            if (target == null) {
                waiting.add(part);
            } else {
                target.write(part);
            }
        }
        if (target != null) {
            target.flush();
        }
    }

    private Optional<String> check(HttpObject part) {
        if (part.decoderResult().isFailure()) {
            return Optional.of("denied [malformed-request] " + part.decoderResult().cause().getMessage());
        }
        if (!(part instanceof HttpRequest request)) {
            return Optional.empty();
        }
        if (++requestCount > 1) {
            return Optional.of("denied [second-request] a channel carries one request");
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!decision.commands().allowsHttp(request.method().name(), path)) {
            return Optional.of("denied [command] rule [" + decision.rule() + "] request [" + request.method().name() + " " + path + "]");
        }
        return Optional.empty();
    }

    private void end() {
        ended = true;
        lease.close();
        requests.finishAndReleaseAll();
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        if (target != null) {
            target.close();
        }
    }

    /** Relays the target's bytes into the channel; the target closing closes the channel. */
    private final class TargetBytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof ByteBuf bytes) {
                    channel.send(ByteBufUtil.getBytes(bytes));
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            channel.close();
        }
    }
}
