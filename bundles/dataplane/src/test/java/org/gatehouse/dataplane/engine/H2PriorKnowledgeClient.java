package org.gatehouse.dataplane.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP/2 client that starts with the connection preface straight away (h2c "prior
 * knowledge", RFC 9113 section 3.3), which java.net.http does not offer.
 */
final class H2PriorKnowledgeClient implements AutoCloseable {
    record Answer(String status, Map<String, String> headers, String body) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;
    private final InetSocketAddress address;

    H2PriorKnowledgeClient(InetSocketAddress address) throws InterruptedException {
        this.address = address;
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel pushed) {
                                // no server push expected
                            }
                        }));
                    }
                }).connect(address).sync().channel();
    }

    /** SETTINGS_MAX_CONCURRENT_STREAMS as the server announced it. */
    int serverMaxConcurrentStreams() {
        return connection.pipeline().get(io.netty.handler.codec.http2.Http2FrameCodec.class).connection().local().maxActiveStreams();
    }

    Answer get(String path) throws Exception {
        return send(new DefaultHttp2Headers().method("GET").path(path).scheme("http").authority("127.0.0.1:" + address.getPort()));
    }

    /** Sends exactly these headers (pseudo-headers included) on a new stream and waits for the answer. */
    Answer send(Http2Headers headers) throws Exception {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(new AnswerCollector(answer)).open().sync().getNow();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class AnswerCollector extends SimpleChannelInboundHandler<Http2StreamFrame> {
        private final CompletableFuture<Answer> answer;
        private final Map<String, String> headers = new TreeMap<>();
        private final StringBuilder body = new StringBuilder();
        private String status;

        AnswerCollector(CompletableFuture<Answer> answer) {
            this.answer = answer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame) {
                Http2HeadersFrame h = (Http2HeadersFrame) frame;
                if (h.headers().status() != null) {
                    status = h.headers().status().toString();
                }
                h.headers().forEach(e -> headers.put(e.getKey().toString(), e.getValue().toString()));
                end = h.isEndStream();
            } else if (frame instanceof Http2DataFrame) {
                Http2DataFrame d = (Http2DataFrame) frame;
                body.append(d.content().toString(StandardCharsets.UTF_8));
                end = d.isEndStream();
            }
            if (end) {
                answer.complete(new Answer(status, headers, body.toString()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answer.completeExceptionally(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new IllegalStateException("stream closed before the answer ended"));
        }
    }
}
