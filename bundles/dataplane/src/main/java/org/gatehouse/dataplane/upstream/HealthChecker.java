package org.gatehouse.dataplane.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.config.HealthCheckConfig;

/**
 * Probes every member of a pool at the configured interval: an HTTP GET of the check path,
 * where 2xx and 3xx count as healthy, or a bare TCP connect when no path is given. A pool with
 * TLS probes over TLS: the handshake (certificate and name checks) must pass too. All probes
 * of a pool run on one event loop, so the counters need no locking.
 */
final class HealthChecker {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane.health");

    private final UpstreamPool pool;
    private final HealthCheckConfig check;
    private final EventLoop loop;
    private ScheduledFuture<?> schedule;

    HealthChecker(UpstreamPool pool, EventLoop loop) {
        this.pool = pool;
        this.check = pool.config().healthCheck();
        this.loop = loop;
    }

    void start() {
        long interval = check.interval().toMillis();
        schedule = loop.scheduleWithFixedDelay(this::probeAll, 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private void probeAll() {
        for (UpstreamMember member : pool.members()) {
            probe(member).addListener(f -> record(member, f.isSuccess() && Boolean.TRUE.equals(f.getNow()), f.cause()));
        }
    }

    private void record(UpstreamMember member, boolean success, Throwable cause) {
        if (pool.closed()) {
            return;
        }
        if (member.recordProbe(success, check.healthyAfter(), check.unhealthyAfter())) {
            if (member.healthy()) {
                LOG.log(Level.INFO, "pool {0} member {1} is up", pool.name(), member);
            } else {
                LOG.log(Level.WARNING, "pool {0} member {1} is down ({2})", pool.name(), member,
                        cause == null ? "health check failed" : cause.toString());
            }
        }
    }

    private Promise<Boolean> probe(UpstreamMember member) {
        Promise<Boolean> result = loop.newPromise();
        ProbeInitializer probe = new ProbeInitializer(result, member);
        Future<Channel> open = pool.open(member, loop, probe, true);
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (result.tryFailure(new java.util.concurrent.TimeoutException("no answer within " + check.timeout().toMillis() + "ms"))) {
                probe.close();
            }
        }, check.timeout().toMillis(), TimeUnit.MILLISECONDS);
        result.addListener(f -> timeout.cancel(false));
        open.addListener((Future<Channel> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
            } else if (result.isDone()) {
                f.getNow().close(); // too late: the probe already failed
            } else if (check.httpPath().isEmpty()) {
                // connected, and for a TLS pool the handshake passed: healthy
                result.trySuccess(true);
                f.getNow().close();
            } else {
                sendGet(f.getNow(), member);
            }
        });
        return result;
    }

    private void sendGet(Channel channel, UpstreamMember member) {
        DefaultFullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, check.path());
        get.headers().set(HttpHeaderNames.HOST, member.config().endpoint());
        get.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        get.headers().set(HttpHeaderNames.USER_AGENT, "gatehouse-health-check");
        channel.writeAndFlush(get);
        channel.read();
    }

    /** Pipeline of one probe connection: HTTP framing, then the status check. */
    private final class ProbeInitializer extends ChannelInitializer<SocketChannel> {
        private final Promise<Boolean> result;
        private final UpstreamMember member;
        private Channel channel;

        ProbeInitializer(Promise<Boolean> result, UpstreamMember member) {
            this.result = result;
            this.member = member;
        }

        /** Closes the probe's connection, connected or still connecting. */
        void close() {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            channel = ch;
            if (check.httpPath().isEmpty()) {
                return;
            }
            // HTTP/1.1 framing of the GET and its answer
            ch.pipeline().addLast(new HttpClientCodec());
            // the first response line decides; the connection is closed either way
            ch.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof HttpResponse) {
                        int code = ((HttpResponse) msg).status().code();
                        boolean ok = code >= 200 && code < 400;
                        if (ok) {
                            result.trySuccess(true);
                        } else {
                            result.tryFailure(new IllegalStateException("GET " + check.path() + " on " + member + " answered " + code));
                        }
                        ctx.close();
                    } else {
                        ctx.read();
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    result.tryFailure(new IllegalStateException("connection closed before a response"));
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    result.tryFailure(cause);
                    ctx.close();
                }
            });
        }
    }
}
