package org.gatehouse.management.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.Optional;

/** The pipeline of one management connection. */
final class ManagementServerInitializer extends ChannelInitializer<SocketChannel> {
    /** A connection that sends nothing for this long is closed (slow or idle clients, docs/management.md "The listener"). */
    private static final int READ_TIMEOUT_SECONDS = 60;
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_BYTES = 16384;
    private static final int MAX_CHUNK_BYTES = 65536;

    private final ServerContext server;
    private final Optional<SslContext> tls;

    ManagementServerInitializer(ServerContext server, Optional<SslContext> tls) {
        this.server = server;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // TLS first, when configured: the request handler reads the verified client certificate from it
        tls.ifPresent(context -> channel.pipeline().addLast("tls", context.newHandler(channel.alloc())));
        channel.pipeline().addLast("idle", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS));
        // bounded request line and headers; oversized ones become a failed decoder result (400)
        channel.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        // one receiver per connection: it holds that connection's request state
        channel.pipeline().addLast("requests", new RequestReceiver(server));
    }
}
