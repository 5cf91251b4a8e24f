package org.gatehouse.management.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.gatehouse.audit.log.AuditKind;
import org.gatehouse.audit.log.AuditLog;

/**
 * Logins and refused requests of the management API, appended to the audit log (docs/management.md
 * "Audit") by one writer thread, so that no request ever waits for a record to be forced to disk.
 *
 * <p><b>Refusals</b> are coalesced per reason, actor and source address: the first of a burst is
 * written at once (count 1, or however many came before the writer got to it), the rest are counted
 * and written as one record per {@link #window} with their exact count, first and last time. A key
 * quiet for a whole window is forgotten, so its next refusal is again written at once. At most
 * {@link #MAX_KEYS} keys are kept; past them, a refusal is counted under its reason and actor with
 * the source {@link #OTHER_SOURCES} (an unauthenticated actor, which names its address, becomes
 * {@link #OTHER_SOURCES} too), and its record names the first such source of its window. So a flood
 * from many addresses can neither grow the memory nor the log without bound, is still recorded
 * promptly and counted exactly, and cannot push a user's role refusals out of sight: users are as
 * many as the users file lists.
 *
 * <p>A <b>login</b> is the first request a user makes from a source address with one credential
 * (bearer token, or a client certificate by its subject) after {@link #loginIdle} without one: the
 * API has no sessions, and this is what an auditor looks for, who came in, from where, and when,
 * without one record per request.
 *
 * <p>A record that cannot be written (no audit log bound, or an append that throws) is counted in
 * {@link #failures()}; the refusal counts stay and are written with the next attempt, a login is
 * recorded again at the user's next request. Refusals are refused either way: recording comes after
 * the decision and never changes it. Nothing here holds a credential: actors are user names or
 * {@code unauthenticated <address>}.
 *
 * <pre>{@code
 * AccessAudit audit = AccessAudit.start(services::auditLog);
 * audit.refused("invalid_token", "unauthenticated 192.0.2.7", "192.0.2.7", "GET /api/v1/extensions", "the bearer token is not valid");
 * audit.authenticated("alice", "192.0.2.8", "bearer token");
 * audit.close();   // writes every count still held
 * }</pre>
 */
public final class AccessAudit implements AutoCloseable {
    /** How long refusals of one key are counted before their record is written. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    /** How long a user may stay away from a source address without a new login being recorded. */
    public static final Duration LOGIN_IDLE = Duration.ofMinutes(15);
    /** Actor and source of the refusals counted once {@link #MAX_KEYS} keys are held. */
    public static final String OTHER_SOURCES = "(other sources)";
    static final int MAX_KEYS = 128;
    static final int MAX_SESSIONS = 1024;
    static final int MAX_PENDING_LOGINS = 256;
    private static final String UNAUTHENTICATED = "unauthenticated ";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Optional<AuditLog>> auditLog;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final long window;
    private final long loginIdle;
    private final Map<Key, Tally> tallies = new LinkedHashMap<>();
    private final LinkedHashMap<Session, Long> sessions = new LinkedHashMap<>(64, 0.75f, true);
    private final ArrayDeque<Login> pendingLogins = new ArrayDeque<>();
    private final AtomicLong loginFailures = new AtomicLong();
    private final AtomicLong refusalFailures = new AtomicLong();
    private final Thread writer;
    private boolean due;
    private boolean closed;

    /** What refusals are counted under: their reason, who and from where. */
    private record Key(String reason, String actor, String source) {
    }

    /** Refusals of one key not yet written, and when the key's last record was written. */
    private static final class Tally {
        long unwritten;
        Instant first;
        Instant last;
        String request;
        String message;
        String firstSource;
        boolean firstWritten;
        long writtenAt;
    }

    private record Session(String user, String source, String credential) {
    }

    private record Login(Session session, Instant time) {
    }

    /** One record to append, made under the lock and written outside it. */
    private record Pending(Key key, long count, Instant first, Instant last, String request, String message, String firstSource,
                           Login login) {
    }

    AccessAudit(Supplier<Optional<AuditLog>> auditLog, LongSupplier nanoTime, Clock clock, Duration window, Duration loginIdle,
            boolean startWriter) {
        this.auditLog = auditLog;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.window = window.toNanos();
        this.loginIdle = loginIdle.toNanos();
        this.writer = new Thread(this::writeLoop, "gatehouse-management-audit");
        writer.setDaemon(true);
        if (startWriter) {
            writer.start();
        }
    }

    /** Records into whatever audit log {@code auditLog} gives at the time of each write. */
    public static AccessAudit start(Supplier<Optional<AuditLog>> auditLog) {
        return new AccessAudit(auditLog, System::nanoTime, Clock.systemUTC(), WINDOW, LOGIN_IDLE, true);
    }

    /** The actor of a request refused before its user was known. */
    public static String unauthenticated(String source) {
        return UNAUTHENTICATED + source;
    }

    /** Counts a refused request; its first after a quiet window is written at once. Never blocks on the disk. */
    public void refused(String reason, String actor, String source, String request, String message) {
        long now = nanoTime.getAsLong();
        Instant time = clock.instant();
        synchronized (this) {
            Key key = new Key(reason, actor, source);
            Tally tally = tallies.get(key);
            if (tally == null && tallies.size() >= MAX_KEYS) {
                key = new Key(reason, actor.startsWith(UNAUTHENTICATED) ? OTHER_SOURCES : actor, OTHER_SOURCES);
                tally = tallies.get(key);
            }
            if (tally == null) {
                tally = new Tally();
                tally.writtenAt = now;
                tallies.put(key, tally);
                due = true;
                notifyAll();
            }
            if (tally.unwritten == 0) {
                tally.first = time;
                tally.request = request;
                tally.message = message;
                tally.firstSource = source;
            }
            tally.unwritten++;
            tally.last = time;
        }
    }

    /** Notes a request authenticated as {@code user}; a login record is written when it is the first after {@link #LOGIN_IDLE}. */
    public void authenticated(String user, String source, String credential) {
        long now = nanoTime.getAsLong();
        Session session = new Session(user, source, credential);
        synchronized (this) {
            Long seen = sessions.put(session, now);
            if (seen != null && now - seen < loginIdle) {
                return;
            }
            Iterator<Long> eldest = sessions.values().iterator();
            while (sessions.size() > MAX_SESSIONS && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
            if (pendingLogins.size() >= MAX_PENDING_LOGINS) {
                sessions.remove(session);
                loginFailures.incrementAndGet();
                return;
            }
            pendingLogins.add(new Login(session, clock.instant()));
            due = true;
            notifyAll();
        }
    }

    /** Records that could not be written, by kind ({@code login}, {@code refusal}), since start. */
    public Map<String, Long> failures() {
        Map<String, Long> view = new LinkedHashMap<>();
        view.put(AuditKind.LOGIN, loginFailures.get());
        view.put(AuditKind.REFUSAL, refusalFailures.get());
        return view;
    }

    /** Writes what is due now (the first of new bursts, windows that ended, logins); with {@code all}, every count held. */
    void writeDue(boolean all) {
        for (Pending pending : collect(nanoTime.getAsLong(), all)) {
            write(pending);
        }
    }

    private void writeLoop() {
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(window / 4, TimeUnit.SECONDS.toNanos(1)));
        while (true) {
            boolean last;
            synchronized (this) {
                try {
                    if (!due && !closed) {
                        TimeUnit.NANOSECONDS.timedWait(this, tick);
                    }
                } catch (InterruptedException e) {
                    closed = true;
                }
                due = false;
                last = closed;
            }
            writeDue(last);
            if (last) {
                return;
            }
        }
    }

    private synchronized List<Pending> collect(long now, boolean all) {
        List<Pending> out = new ArrayList<>();
        while (!pendingLogins.isEmpty()) {
            out.add(new Pending(null, 0, null, null, null, null, null, pendingLogins.poll()));
        }
        for (Iterator<Map.Entry<Key, Tally>> it = tallies.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Tally> entry = it.next();
            Tally t = entry.getValue();
            boolean windowOver = now - t.writtenAt >= window;
            if (t.unwritten > 0 && (all || !t.firstWritten || windowOver)) {
                out.add(new Pending(entry.getKey(), t.unwritten, t.first, t.last, t.request, t.message, t.firstSource, null));
                t.unwritten = 0;
                t.firstWritten = true;
                t.writtenAt = now;
            } else if (t.unwritten == 0 && windowOver) {
                it.remove();
            }
        }
        return out;
    }

    private void write(Pending pending) {
        try {
            AuditLog log = auditLog.get().orElseThrow(() -> new IllegalStateException("no audit log is running"));
            if (pending.login() != null) {
                Session s = pending.login().session();
                log.append(AuditKind.LOGIN, s.user(), s.source(),
                        json(Map.of("credential", s.credential(), "source", s.source(), "time", pending.login().time().toString())));
            } else {
                Key key = pending.key();
                Map<String, Object> members = new TreeMap<>(Map.of("reason", key.reason(), "source", key.source(), "count", pending.count(),
                        "first", pending.first().toString(), "last", pending.last().toString(), "message", pending.message()));
                if (OTHER_SOURCES.equals(key.source())) {
                    members.put("firstSource", pending.firstSource());
                }
                log.append(AuditKind.REFUSAL, key.actor(), pending.request(), json(members));
            }
        } catch (RuntimeException e) {
            failed(pending, e);
        }
    }

    /** Counted; a login is recorded again at the next request, refusal counts go back to be written with the next attempt. */
    private void failed(Pending pending, RuntimeException e) {
        String what;
        synchronized (this) {
            if (pending.login() != null) {
                loginFailures.incrementAndGet();
                sessions.remove(pending.login().session());
                what = "the login of " + pending.login().session().user();
            } else {
                refusalFailures.incrementAndGet();
                Tally t = tallies.computeIfAbsent(pending.key(), k -> new Tally());
                if (t.unwritten == 0) {
                    t.request = pending.request();
                    t.message = pending.message();
                    t.last = pending.last();
                    t.firstSource = pending.firstSource();
                }
                t.first = pending.first();
                t.unwritten += pending.count();
                t.firstWritten = true;
                t.writtenAt = nanoTime.getAsLong();
                what = pending.count() + " refusals (" + pending.key().reason() + ") of " + pending.key().actor();
            }
        }
        LOG.log(Level.WARNING, "audit log: " + what + " not recorded: " + e.getMessage());
    }

    private static String json(Map<String, Object> members) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(members));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers always serialize", e);
        }
    }

    /** Stops the writer after it has written every count still held (or tried to). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (writer.isAlive()) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            writeDue(true);
        }
    }
}
