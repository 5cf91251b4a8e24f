package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Times each answer of one HTTP/1.1 connection or HTTP/2 stream, from its request head to the
 * last part of its response, whoever made the response (an upstream, a flow step, a refusal), into
 * the listener's {@link ResponseTimer}. Pipelined requests are answered in order, so their start
 * times queue; an interim {@code 1xx} response does not end an exchange. A response the connection
 * sends before any request (a refusal of a garbled head) is counted with no time.
 */
final class ResponseTiming extends ChannelDuplexHandler {
    private final ResponseTimer timer;
    private final ArrayDeque<Long> started = new ArrayDeque<>(2);
    private int status;

    ResponseTiming(ResponseTimer timer) {
        this.timer = timer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            started.addLast(System.nanoTime());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            status = response.status().code();
        }
        if (msg instanceof LastHttpContent && status != 0) {
            Long start = started.pollFirst();
            timer.record(status, start == null ? 0 : System.nanoTime() - start);
            status = 0;
        }
        ctx.write(msg, promise);
    }
}
