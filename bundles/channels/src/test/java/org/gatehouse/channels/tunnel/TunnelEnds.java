package org.gatehouse.channels.tunnel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gatehouse.test.support.pki.Issued;

/**
 * Two elements joined by a real mutual-TLS connection on 127.0.0.1, through a relay that records
 * every byte on the wire. The client end records the encoded frames it writes, and can write them
 * again under TLS, as a replaying sender would.
 */
final class TunnelEnds implements AutoCloseable {
    static final long WAIT_SECONDS = 20;

    /** One end: its handler and what its listener heard. */
    static final class End implements TunnelListener {
        final Map<Long, BlockingQueue<String>> received = new ConcurrentHashMap<>();
        final BlockingQueue<TunnelChannel> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<ChannelClosed> closed = new LinkedBlockingQueue<>();
        final CompletableFuture<TunnelHandler> handler = new CompletableFuture<>();
        volatile Channel connection;

        @Override
        public void data(TunnelChannel channel, byte[] data) {
            received.computeIfAbsent(channel.id(), id -> new LinkedBlockingQueue<>()).add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void opened(TunnelChannel channel) {
            opened.add(channel);
        }

        @Override
        public void closed(ChannelClosed event) {
            closed.add(event);
        }

        String next(long channelId) throws InterruptedException {
            String text = received.computeIfAbsent(channelId, id -> new LinkedBlockingQueue<>()).poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("nothing arrived on channel " + channelId + " in " + WAIT_SECONDS + " s");
            }
            return text;
        }

        ChannelClosed nextClosed() throws InterruptedException {
            ChannelClosed event = closed.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no channel closed in " + WAIT_SECONDS + " s");
            }
            return event;
        }

        TunnelChannel nextOpened() throws InterruptedException {
            TunnelChannel channel = opened.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (channel == null) {
                throw new AssertionError("no channel opened in " + WAIT_SECONDS + " s");
            }
            return channel;
        }

        TunnelHandler tunnel() throws Exception {
            return handler.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Records the encoded frames the client end writes, below the frame encoder and above TLS. */
    static final class FrameRecorder extends ChannelOutboundHandlerAdapter {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        volatile ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            this.ctx = context;
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            if (message instanceof ByteBuf bytes && bytes.isReadable()) {
                frames.add(ByteBufUtil.getBytes(bytes));
            }
            context.write(message, promise);
        }

        /** Writes recorded bytes again, under TLS, as the sender would write a new frame. */
        void writeAgain(byte[] frame) throws Exception {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(frame)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    final End server = new End();
    final End client = new End();
    final FrameRecorder recorder = new FrameRecorder();
    final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ServerSocket relay;
    private final Channel listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /**
     * @param clientIdentity what the client end signs with (its TLS key is always ELEMENT_A's)
     * @param provider          the TLS provider of both ends
     * @param clientCertificate whether the client presents its certificate (the server asks for one, and requires it only then)
     */
    TunnelEnds(TunnelSettings clientSettings, TunnelSettings serverSettings, ElementIdentity clientIdentity) throws Exception {
        this(clientSettings, serverSettings, clientIdentity, SslProvider.JDK, true);
    }

    TunnelEnds(TunnelSettings clientSettings, TunnelSettings serverSettings, ElementIdentity clientIdentity, SslProvider provider,
            boolean clientCertificate) throws Exception {
        Issued serverCert = TestElements.ELEMENT_B;
        Issued clientCert = TestElements.ELEMENT_A;
        SslContext serverTls = SslContextBuilder.forServer(serverCert.privateKey(), serverCert.chain())
                .trustManager(TestElements.CA.certificate()).clientAuth(clientCertificate ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                .sslProvider(provider).build();
        SslContextBuilder clientBuilder = SslContextBuilder.forClient().trustManager(TestElements.CA.certificate()).sslProvider(provider);
        SslContext clientTls = (clientCertificate ? clientBuilder.keyManager(clientCert.privateKey(), clientCert.chain()) : clientBuilder).build();
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                server.connection = ch;
                ch.pipeline().addLast("tls", serverTls.newHandler(ch.alloc()));
                addTunnel(ch, serverSettings, TestElements.identity(serverCert), server);
            }
        }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread relayThread = new Thread(this::relay, "tunnel-test-relay");
        relayThread.setDaemon(true);
        relayThread.start();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                client.connection = ch;
                ch.pipeline().addLast("tls", clientTls.newHandler(ch.alloc(), "localhost", relay.getLocalPort()));
                ch.pipeline().addLast("recorder", recorder);
                addTunnel(ch, clientSettings, clientIdentity, client);
            }
        }).connect(InetAddress.getLoopbackAddress(), relay.getLocalPort()).sync();
    }

    private static void addTunnel(SocketChannel ch, TunnelSettings settings, ElementIdentity identity, End end) {
        TunnelHandler tunnel = new TunnelHandler(settings, identity, end);
        ch.pipeline().addLast("frames-in", new TunnelFrameDecoder(settings.maxFrameBytes()));
        ch.pipeline().addLast("frames-out", new TunnelFrameEncoder(settings.maxFrameBytes()));
        ch.pipeline().addLast("tunnel", tunnel);
        end.handler.complete(tunnel);
    }

    private void relay() {
        try (Socket in = relay.accept(); Socket out = new Socket()) {
            sockets.add(in);
            sockets.add(out);
            out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ((InetSocketAddress) listener.localAddress()).getPort()));
            Thread back = new Thread(() -> pump(out, in), "tunnel-test-relay-back");
            back.setDaemon(true);
            back.start();
            pump(in, out);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the test closed the relay
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (wire) {
                    wire.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
        try {
            to.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    byte[] wireBytes() {
        synchronized (wire) {
            return wire.toByteArray();
        }
    }

    @Override
    public void close() throws Exception {
        relay.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        listener.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
