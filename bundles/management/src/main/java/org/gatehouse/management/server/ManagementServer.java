package org.gatehouse.management.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.management.api.Router;
import org.gatehouse.management.auth.Authenticator;

/**
 * The management listener: Netty HTTP/1.1 on its own port (docs/management.md "The listener"), TLS when a key store is
 * configured. Request bodies are written to {@code <data>/management/uploads/}, which is emptied
 * at start (files left by a crash).
 *
 * <pre>{@code
 * ManagementServer server = ManagementServer.start(settings, router, authenticator);
 * InetSocketAddress where = server.address();
 * server.close();
 * }</pre>
 */
public final class ManagementServer implements AutoCloseable {
    private static final int QUEUED_REQUESTS = 64;

    private final EventLoopGroup loops;
    private final ThreadPoolExecutor requestThreads;
    private final Channel listener;
    private final boolean tls;

    private ManagementServer(EventLoopGroup loops, ThreadPoolExecutor requestThreads, Channel listener, boolean tls) {
        this.loops = loops;
        this.requestThreads = requestThreads;
        this.listener = listener;
        this.tls = tls;
    }

    public static ManagementServer start(ManagementSettings settings, Router router, Authenticator authenticator)
            throws IOException, InterruptedException {
        Path uploads = emptyUploadFolder(settings.dataDir().resolve("management").resolve("uploads"));
        Optional<SslContext> tls = settings.tls().map(TlsContexts::server);
        ThreadPoolExecutor threads = requestThreads(settings.threads());
        ServerContext context = new ServerContext(settings, router, authenticator, uploads, threads);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(loops)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ManagementServerInitializer(context, tls))
                    .bind(settings.address()).sync().channel();
            return new ManagementServer(loops, threads, channel, tls.isPresent());
        } catch (Exception e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            threads.shutdownNow();
            throw new IOException("the management API cannot listen on " + settings.address() + ": " + e.getMessage(), e);
        }
    }

    private static ThreadPoolExecutor requestThreads(int count) {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(count, count, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
            Thread t = new Thread(r, "gatehouse-management-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static Path emptyUploadFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder)) {
            for (Path file : leftovers) {
                Files.deleteIfExists(file);
            }
        }
        return folder;
    }

    /** Where the listener is bound (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** {@code https://127.0.0.1:9443}: the base URL clients use. */
    public String baseUrl() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (tls ? "https" : "http") + "://" + host + ":" + address.getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        requestThreads.shutdown();
        try {
            if (!requestThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                requestThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            requestThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
