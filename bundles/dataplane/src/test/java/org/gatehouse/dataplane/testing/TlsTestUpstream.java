package org.gatehouse.dataplane.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.gatehouse.test.support.pki.Issued;

/**
 * A TLS server on loopback (JDK provider, TLS 1.2 and 1.3, ALPN h2 and http/1.1) standing in for
 * an upstream that speaks HTTPS or TLS: in HTTP mode it answers every request with what it saw of
 * the connection (SNI, client certificate, ALPN) and closes the connection; in echo mode it sends
 * bytes back prefixed by {@code echo>}. It counts handshakes that passed and that failed.
 */
public final class TlsTestUpstream implements AutoCloseable {
    /** One request as the upstream saw it. */
    public record Seen(String path, String sni, String clientSubject, String alpn, String protocol) {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();

    /**
     * @param identity        the server's certificate and key
     * @param trustedClientCa when not null, a client certificate from this CA is required
     * @param echo            echo bytes instead of answering HTTP
     */
    public TlsTestUpstream(Issued identity, X509Certificate trustedClientCa, boolean echo) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forServer(identity.privateKey(), identity.chain())
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        if (trustedClientCa != null) {
            builder.clientAuth(ClientAuth.REQUIRE).trustManager(trustedClientCa);
        }
        SslContext tls = builder.build();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast("count", new HandshakeCounter());
                        if (echo) {
                            ch.pipeline().addLast("echo", new Echo());
                        } else {
                            ch.pipeline().addLast("http", new HttpServerCodec());
                            ch.pipeline().addLast("aggregate", new HttpObjectAggregator(1 << 20));
                            ch.pipeline().addLast("answer", new Answer());
                        }
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public int handshakes() {
        return handshakes.get();
    }

    public int failedHandshakes() {
        return failedHandshakes.get();
    }

    private static String sni(SSLSession session) {
        if (session instanceof ExtendedSSLSession) {
            for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
                if (name instanceof SNIHostName) {
                    return ((SNIHostName) name).getAsciiName();
                }
            }
        }
        return "none";
    }

    private static String clientSubject(SSLSession session) {
        try {
            return ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "none";
        }
    }

    private final class HandshakeCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent) {
                (((SslHandshakeCompletionEvent) evt).isSuccess() ? handshakes : failedHandshakes).incrementAndGet();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            SSLSession session = tls.engine().getSession();
            Seen what = new Seen(request.uri(), sni(session), clientSubject(session), String.valueOf(tls.applicationProtocol()),
                    session.getProtocol());
            seen.add(what);
            ByteBuf body = Unpooled.copiedBuffer("tls " + what.path() + " sni=" + what.sni() + " client=" + what.clientSubject(),
                    StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        private boolean greeted;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!greeted) {
                greeted = true;
                ctx.write(Unpooled.copiedBuffer("echo>", StandardCharsets.US_ASCII));
            }
            ctx.writeAndFlush(msg);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
