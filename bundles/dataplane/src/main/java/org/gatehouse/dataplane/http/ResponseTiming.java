package org.gatehouse.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;

/**
 * Times each answer of one HTTP/1.1 connection or HTTP/2 stream, from its request head to the
 * last part of its response, whoever made the response (an upstream, a flow step, a refusal), into
 * the listener's {@link ResponseTimer}, and hands it to the {@link AccessLog} when one is kept.
 * Pipelined requests are answered in order, so their starts queue; an interim {@code 1xx} response
 * does not end an exchange. A response the connection sends before any request (a refusal of a
 * garbled head) is counted with no time, and logged with {@code -} for its request line.
 */
final class ResponseTiming extends ChannelDuplexHandler {
    private static final String NONE = "-";
    private final ResponseTimer timer;
    private final AccessLog log;
    private final String listener;
    /** {@code Long} start times, or {@link Exchange}s when the access log is kept. */
    private final ArrayDeque<Object> started = new ArrayDeque<>(2);
    private int status;
    private long bytes;

    ResponseTiming(ResponseTimer timer) {
        this(timer, AccessLog.OFF, "");
    }

    ResponseTiming(ResponseTimer timer, AccessLog log, String listener) {
        this.timer = timer;
        this.log = log;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            long now = System.nanoTime();
            if (log.enabled()) {
                started.addLast(new Exchange(now, System.currentTimeMillis(), request.method().name(), request.uri(),
                        request.protocolVersion().text(), request.headers().get(HttpHeaderNames.REFERER),
                        request.headers().get(HttpHeaderNames.USER_AGENT)));
            } else {
                started.addLast(now);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            status = response.status().code();
            bytes = 0;
        }
        if (msg instanceof HttpContent content && status != 0) {
            bytes += content.content().readableBytes();
        }
        if (msg instanceof LastHttpContent && status != 0) {
            Object start = started.pollFirst();
            long begun = start instanceof Exchange e ? e.nanos() : start instanceof Long l ? l : 0;
            long elapsed = begun == 0 ? 0 : System.nanoTime() - begun;
            timer.record(status, elapsed);
            if (log.enabled()) {
                log.record(record(ctx.channel(), start instanceof Exchange e ? e : null, elapsed));
            }
            status = 0;
        }
        ctx.write(msg, promise);
    }

    private AccessRecord record(Channel channel, Exchange e, long elapsed) {
        String client = client(channel);
        if (e == null) {
            return new AccessRecord(System.currentTimeMillis(), listener, client, NONE, NONE, NONE, status, bytes, elapsed, null, null);
        }
        // a stream's request was converted to HTTP/1.1 objects: the client spoke HTTP/2
        String protocol = channel instanceof Http2StreamChannel ? "HTTP/2.0" : e.protocol();
        return new AccessRecord(e.epochMillis(), listener, client, e.method(), e.target(), protocol, status, bytes, elapsed,
                e.referer(), e.userAgent());
    }

    /** The client's address: of the connection, for an HTTP/2 stream its connection's. */
    private static String client(Channel channel) {
        Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
        SocketAddress remote = connection.remoteAddress();
        if (remote instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return remote == null ? NONE : remote.toString();
    }

    /** A request waiting for its answer, as the access log needs it. */
    private record Exchange(long nanos, long epochMillis, String method, String target, String protocol, String referer,
                            String userAgent) {
    }
}
