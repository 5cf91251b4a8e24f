package org.gatehouse.management.confirm;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gatehouse.management.auth.AccessAudit;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.server.TlsContexts;

/**
 * The second trusted path for confirming commands, the one the web console uses
 * (docs/management.md "The confirmation listener"): HTTP/1.1 over TLS 1.2 or 1.3 on an address of
 * its own, apart from the REST API, with a client certificate required at the handshake (no
 * certificate, or one the trust store does not verify, and the handshake fails). The certificate's
 * subject is one management user; that person re-authenticates with their password and a TOTP
 * code to be shown a rendering, and answers it with the ticket the rendering came with
 * ({@link ConfirmationRequests}).
 *
 * <pre>{@code
 * Optional<ConfirmationListenerSettings> settings = ConfirmationListenerSettings.from(context::getProperty);
 * ConfirmationListener listener = ConfirmationListener.start(settings.get(), desk, usersFile, Clock.systemUTC());
 * ...
 * listener.close();
 * }</pre>
 *
 * One event loop thread does TLS and HTTP; password checks and the desk run on
 * {@link ConfirmationListenerSettings.Limits#threads()} threads of their own (a request past their
 * queue is answered 503), so a slow PBKDF2 never holds the event loop.
 */
public final class ConfirmationListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");
    private static final int QUEUED_REQUESTS = 16;

    private final EventLoopGroup loops;
    private final ThreadPoolExecutor workers;
    private final Channel server;

    private ConfirmationListener(EventLoopGroup loops, ThreadPoolExecutor workers, Channel server) {
        this.loops = loops;
        this.workers = workers;
        this.server = server;
    }

    /** Binds the listener and starts serving; {@code users} is read at every request (an edit of the file applies at once). */
    public static ConfirmationListener start(ConfirmationListenerSettings settings, ConfirmationDesk desk, Supplier<ManagementUsers> users,
                                             Clock clock) throws IOException {
        return start(settings, desk, users, clock, Optional.empty());
    }

    /** Like {@link #start(ConfirmationListenerSettings, ConfirmationDesk, Supplier, Clock)}, recording re-authentications into {@code audit}. */
    public static ConfirmationListener start(ConfirmationListenerSettings settings, ConfirmationDesk desk, Supplier<ManagementUsers> users,
                                             Clock clock, Optional<AccessAudit> audit) throws IOException {
        Objects.requireNonNull(desk, "desk");
        Objects.requireNonNull(users, "users");
        ConfirmationListenerSettings.Limits limits = settings.limits();
        SslContext tls;
        try {
            tls = TlsContexts.server(settings.tls());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the confirmation listener's TLS cannot be set up from " + settings.tls().keyStore()
                    + " and " + settings.tls().trustStore().orElseThrow() + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        Reauthentication reauthentication = new Reauthentication(clock, limits.totpWindow(), limits.maxFailures(), limits.lockout(), audit);
        ConfirmationRequests requests = new ConfirmationRequests(desk, users, reauthentication,
                new ConfirmationTickets(clock, limits.ticketLifetime()));
        ThreadPoolExecutor workers = workers(limits.threads());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(loops)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, limits.maxConnections())
                    .childHandler(new ConfirmationListenerInitializer(tls, limits, new ConnectionLimit(limits.maxConnections()), requests,
                            workers))
                    .bind(settings.address()).sync().channel();
            ConfirmationListener listener = new ConfirmationListener(loops, workers, channel);
            LOG.log(Level.INFO, "confirmation listener on https://" + hostPort(listener.address())
                    + " (TLS with a required client certificate, then password and TOTP)");
            return listener;
        } catch (Exception e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the confirmation listener cannot listen on " + settings.address() + ": " + e.getMessage(), e);
        }
    }

    private static ThreadPoolExecutor workers(int count) {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(count, count, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
            Thread t = new Thread(r, "gatehouse-confirm-listener-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Where the listener is bound (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Stops accepting, ends open connections and waits for the requests being answered. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
