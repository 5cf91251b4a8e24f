package org.gatehouse.management.confirm;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The pipeline of one connection to the confirmation listener. */
final class ConfirmationListenerInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE = 1024;
    private static final int MAX_HEADER_BYTES = 8192;
    private static final int WRITE_TIMEOUT_SECONDS = 30;

    private final SslContext tls;
    private final ConfirmationListenerSettings.Limits limits;
    private final ConnectionLimit connections;
    private final ConfirmationRequests requests;
    private final Executor workers;

    ConfirmationListenerInitializer(SslContext tls, ConfirmationListenerSettings.Limits limits, ConnectionLimit connections,
                                    ConfirmationRequests requests, Executor workers) {
        this.tls = tls;
        this.limits = limits;
        this.connections = connections;
        this.requests = requests;
        this.workers = workers;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // connections past the limit are closed before a handshake is spent on them
        channel.pipeline().addLast("connections", connections);
        // TLS 1.2/1.3 with a required client certificate: no verified certificate, no connection
        SslHandler handler = tls.newHandler(channel.alloc());
        handler.setHandshakeTimeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        channel.pipeline().addLast("tls", handler);
        // nothing at all for this long (between requests, or a client gone quiet): closed
        channel.pipeline().addLast("idle", new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        // a client that does not take an answer: closed
        channel.pipeline().addLast("write-timeout", new WriteTimeoutHandler(WRITE_TIMEOUT_SECONDS));
        // a whole request within its deadline, however slowly its bytes come
        channel.pipeline().addLast("deadline", new RequestDeadline(limits.requestTimeout()));
        // bounded request line and headers (too long: a failed decoder result, refused by the handler)
        channel.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, limits.maxBodyBytes()));
        // bounded body: a larger one is answered 413 and the connection closed
        channel.pipeline().addLast("body", new HttpObjectAggregator(limits.maxBodyBytes()));
        // one handler per connection: it holds the certificate its handshake verified
        channel.pipeline().addLast("requests", new ConfirmationRequestHandler(requests, workers));
    }
}
