package org.gatehouse.management.confirm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gatehouse.management.auth.LocalAccount;
import org.gatehouse.management.auth.ManagementUsers;

/**
 * The local trusted path for confirming commands (docs/management.md "Confirmation"): a Unix
 * domain socket at {@code <data>/run/confirm.sock}, in a folder of the element's own (0700), the
 * socket itself 0600. Each connection is taken only from a peer whose uid, read from the kernel
 * ({@link PeerCredentials}), is allowed ({@value #ALLOWED_UIDS_PROPERTY}; by default the element's
 * own uid), and that is exactly one management user through a {@code <local-account>} of
 * {@code management-users.xml} ({@link PeerMapping}). Requests are one JSON object a line
 * ({@link ConfirmationSession}), bounded in length and in time. Every refused peer is logged.
 *
 * <pre>{@code
 * Path data = settings.dataDir();
 * LocalConfirmationSocket socket = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(data), desk,
 *         LocalConfirmationSocket.allowedUids(context::getProperty, data), usersFile);
 * ...
 * socket.close();
 * }</pre>
 *
 * One thread accepts; each connection runs on one of at most {@link Limits#maxConnections()}
 * threads, and a connection past that is told {@code busy} and closed.
 */
public final class LocalConfirmationSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");
    /** Framework property: the uids that may connect, comma-separated; by default the element's own uid alone. */
    public static final String ALLOWED_UIDS_PROPERTY = "gatehouse.confirm.allowed-uids";
    /** What a peer still sends after its connection ends is read and dropped, this much at most, so it reads the last answer. */
    private static final int DRAIN_BYTES = 65536;
    private static final Duration DRAIN_TIME = Duration.ofSeconds(2);

    /** Bounds of the socket: request line length, time to send a line and to take an answer, connections served at once. */
    public record Limits(int maxLineBytes, Duration lineTimeout, Duration writeTimeout, int maxConnections) {
        /**
         * 8 KiB lines; five minutes for each line, time for a person to read a rendering and
         * type yes or no; 30 s to take an answer; four connections at once.
         */
        public static final Limits DEFAULT = new Limits(8192, Duration.ofMinutes(5), Duration.ofSeconds(30), 4);

        public Limits {
            if (maxLineBytes < 256 || maxConnections < 1 || lineTimeout.isNegative() || lineTimeout.isZero()
                    || writeTimeout.isNegative() || writeTimeout.isZero()) {
                throw new IllegalArgumentException("limits out of range: " + maxLineBytes + " bytes, " + lineTimeout + ", " + writeTimeout
                        + ", " + maxConnections + " connections");
            }
        }
    }

    /** Which processes may be at the other end. */
    public enum Peers {
        /**
         * Processes other than the element's own ({@link PeerProcess}): code running in the element,
         * an extension among it, is refused whatever path it reached the socket by.
         */
        OTHER_PROCESSES,
        /** Any process, the element's own too: only for tests whose client runs in the process serving the socket. */
        ANY_PROCESS_FOR_TESTS
    }

    /** Where refused peers are recorded besides the log: the audit log (docs/management.md "Audit"). */
    @FunctionalInterface
    public interface RefusalAudit {
        /** Records nowhere but the log. */
        RefusalAudit NONE = (code, peer, message) -> { };

        void refused(String code, String peer, String message);
    }

    private final Path socketFile;
    private final ConfirmationDesk desk;
    private final Set<Long> allowedUids;
    private final Supplier<ManagementUsers> users;
    private final Limits limits;
    private final Peers peers;
    private final RefusalAudit audit;
    private final PeerProcess processes = PeerProcess.ofThisProcess();
    private final ServerSocketChannel server;
    private final ThreadPoolExecutor workers;
    private final Set<LineChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private LocalConfirmationSocket(Path socketFile, ConfirmationDesk desk, Set<Long> allowedUids, Supplier<ManagementUsers> users,
                                    Limits limits, Peers peers, RefusalAudit audit, ServerSocketChannel server) {
        this.socketFile = socketFile;
        this.desk = desk;
        this.allowedUids = Set.copyOf(allowedUids);
        this.users = users;
        this.limits = limits;
        this.peers = peers;
        this.audit = audit;
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, limits.maxConnections(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "gatehouse-confirm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "gatehouse-confirm-accept");
        acceptor.setDaemon(true);
    }

    /** {@code <data>/run/confirm.sock}. */
    public static Path socketFile(Path dataDir) {
        return dataDir.resolve("run").resolve("confirm.sock");
    }

    /**
     * The uids of {@value #ALLOWED_UIDS_PROPERTY} (decimal, comma-separated), or the element's own
     * uid when the property is not set; {@code dataDir} is where the own uid is read (a file made
     * and removed there).
     */
    public static Set<Long> allowedUids(Function<String, String> properties, Path dataDir) throws IOException {
        String value = properties.apply(ALLOWED_UIDS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Set.of(PeerCredentials.processUid(dataDir));
        }
        Set<Long> uids = new TreeSet<>();
        for (String part : value.split(",", -1)) {
            String uid = part.strip();
            try {
                long parsed = uid.matches("[0-9]{1,10}") ? Long.parseLong(uid) : -1;
                uids.add(new LocalAccount.Uid(parsed).uid());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ALLOWED_UIDS_PROPERTY + ": [" + uid + "] is not a uid (0 to 4294967294) in ["
                        + value + "]; give decimal uids separated by commas");
            }
        }
        return Set.copyOf(uids);
    }

    /**
     * Binds the socket at {@code socketFile} and starts serving: {@code desk} answers, {@code
     * allowedUids} may connect (not empty), {@code users} maps a peer to a management user (read
     * at each connection and each request, so an edit of the users file applies at once).
     */
    public static LocalConfirmationSocket open(Path socketFile, ConfirmationDesk desk, Set<Long> allowedUids,
                                               Supplier<ManagementUsers> users) throws IOException {
        return open(socketFile, desk, allowedUids, users, Limits.DEFAULT);
    }

    /** {@link #open(Path, ConfirmationDesk, Set, Supplier)} with other limits. */
    public static LocalConfirmationSocket open(Path socketFile, ConfirmationDesk desk, Set<Long> allowedUids,
                                               Supplier<ManagementUsers> users, Limits limits) throws IOException {
        return open(socketFile, desk, allowedUids, users, limits, Peers.OTHER_PROCESSES, RefusalAudit.NONE);
    }

    /**
     * {@link #open(Path, ConfirmationDesk, Set, Supplier)} with other limits, the processes that
     * may be peers, and where each refused peer is recorded besides the log.
     */
    public static LocalConfirmationSocket open(Path socketFile, ConfirmationDesk desk, Set<Long> allowedUids,
                                               Supplier<ManagementUsers> users, Limits limits, Peers peers, RefusalAudit audit)
            throws IOException {
        Objects.requireNonNull(desk, "desk");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(users, "users");
        if (allowedUids.isEmpty()) {
            throw new IllegalArgumentException("no uid may connect: give at least one allowed uid");
        }
        Path file = socketFile.toAbsolutePath().normalize();
        long ownUid = PeerCredentials.processUid(file.getParent().getParent());
        SocketFolder.prepare(file, ownUid);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(file), limits.maxConnections());
            SocketFolder.secureBound(file, ownUid);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LocalConfirmationSocket socket = new LocalConfirmationSocket(file, desk, allowedUids, users, limits, peers, audit, server);
        socket.acceptor.start();
        LOG.log(Level.INFO, "local confirmation socket listening on " + file + " for uids " + new TreeSet<>(allowedUids));
        return socket;
    }

    public Path path() {
        return socketFile;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "local confirmation socket: accept failed: " + e);
                continue;
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException busy) {
                refuseBusy(connection);
            }
        }
    }

    private void refuseBusy(SocketChannel connection) {
        try (LineChannel lines = new LineChannel(connection, limits.maxLineBytes(), limits.lineTimeout(), Duration.ofSeconds(1))) {
            LOG.log(Level.WARNING, "local confirmation socket: refused a connection: " + limits.maxConnections() + " are served already");
            lines.writeLine(ConfirmationSession.error("busy", "the element serves " + limits.maxConnections()
                    + " confirmation connections already; try again when one ends").toString());
            lines.finish(limits.maxLineBytes(), Duration.ofMillis(200));
        } catch (IOException e) {
            // the peer went away: nothing to tell it
        }
    }

    private void serve(SocketChannel connection) {
        try (LineChannel lines = new LineChannel(connection, limits.maxLineBytes(), limits.lineTimeout(), limits.writeTimeout())) {
            open.add(lines);
            try {
                if (!closed) {
                    converse(connection, lines);
                }
                lines.finish(DRAIN_BYTES, DRAIN_TIME);
            } finally {
                open.remove(lines);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "local confirmation socket: connection ended: " + e);
        }
    }

    private void converse(SocketChannel connection, LineChannel lines) throws IOException {
        PeerCredentials peer;
        try {
            peer = PeerCredentials.of(connection);
        } catch (IOException | UnsupportedOperationException e) {
            refusePeer(lines, "unknown peer", "peer_refused", "the peer's credentials cannot be read: " + e.getMessage());
            return;
        }
        if (peers == Peers.OTHER_PROCESSES) {
            Optional<PeerProcess.Refusal> refusal = processes.check(connection);
            if (refusal.isPresent()) {
                refusePeer(lines, peer.toString(), refusal.get().code(), refusal.get().message());
                return;
            }
        }
        if (!allowedUids.contains(peer.uid())) {
            refusePeer(lines, peer.toString(), "peer_refused", peer + " may not use this socket: it is not among the allowed uids ("
                    + ALLOWED_UIDS_PROPERTY + ")");
            return;
        }
        String person = person(peer, lines);
        if (person == null) {
            return;
        }
        ConfirmationSession session = new ConfirmationSession(desk, peer.toString());
        while (!closed) {
            String line = readLine(lines, peer);
            if (line == null) {
                return;
            }
            // the users file may have changed since the connection began: the peer must still be the same user
            String now = person(peer, lines);
            if (now == null) {
                return;
            }
            if (!now.equals(person)) {
                refusePeer(lines, peer.toString(), "user_changed", peer + " was management user " + person + " when it connected and is "
                        + now + " now (management-users.xml changed): connect again");
                return;
            }
            lines.writeLine(session.handle(line, person).toString());
        }
    }

    /** The management user the peer is now, or null after refusing it. */
    private String person(PeerCredentials peer, LineChannel lines) throws IOException {
        PeerMapping.Result mapping = PeerMapping.map(peer, users.get(), PeerCredentials.lookup());
        if (mapping instanceof PeerMapping.Result.Refused refused) {
            refusePeer(lines, peer.toString(), refused.code(), refused.message());
            return null;
        }
        return ((PeerMapping.Result.Mapped) mapping).user().name();
    }

    /** The next request line, or null after telling the peer why there is none. */
    private static String readLine(LineChannel lines, PeerCredentials peer) throws IOException {
        try {
            return lines.readLine();
        } catch (LineChannel.LineTooLong e) {
            LOG.log(Level.WARNING, "local confirmation socket: " + peer + " sent a line too long; connection closed");
            lines.writeLine(ConfirmationSession.error("line_too_long", e.getMessage() + "; the connection is closed").toString());
        } catch (CharacterCodingException e) {
            lines.writeLine(ConfirmationSession.error("bad_request", "the request line is not UTF-8; the connection is closed").toString());
        } catch (SocketTimeoutException e) {
            LOG.log(Level.INFO, "local confirmation socket: " + peer + ": " + e.getMessage() + "; connection closed");
            lines.writeLine(ConfirmationSession.error("timeout", e.getMessage() + "; the connection is closed").toString());
        }
        return null;
    }

    private void refusePeer(LineChannel lines, String peer, String code, String message) throws IOException {
        LOG.log(Level.WARNING, "local confirmation socket: refused " + peer + ": " + message);
        try {
            audit.refused(code, peer, message);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "local confirmation socket: the refusal of " + peer + " cannot be recorded in the audit log: " + e);
        }
        lines.writeLine(ConfirmationSession.error(code, message).toString());
    }

    /** Stops accepting, ends open connections, and removes the socket file. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            server.close();
            workers.shutdown();
            for (LineChannel lines : open) {
                lines.close();
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SocketFolder.remove(socketFile);
        }
    }
}
