package org.gatehouse.dataplane.demo;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Pipeline of a connection to the built-in demo upstream: HTTP/1.1 and an echo of each request.
 *
 * <pre>{@code
 * serverBootstrap.childHandler(new DemoUpstreamInitializer());
 * }</pre>
 */
public final class DemoUpstreamInitializer extends ChannelInitializer<SocketChannel> {
    @Override
    protected void initChannel(SocketChannel ch) {
        // HTTP/1.1 framing with Netty's default limits
        ch.pipeline().addLast("http", new HttpServerCodec());
        // the JSON echo
        ch.pipeline().addLast("echo", new DemoUpstreamHandler());
    }
}
