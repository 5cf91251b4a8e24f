package org.gatehouse.management.auth;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Management requests refused for their credentials or their role: counted per reason (for
 * {@code gatehouse_management_auth_failures_total}) and logged at most once per reason every
 * {@link #LOG_INTERVAL_SECONDS} seconds, with how many more were refused in between, so a client
 * guessing tokens cannot flood the log. A line names the peer, the request and the reason; never
 * a credential (the reasons are the authenticator's words, which quote no token). With an
 * {@link AccessAudit}, each refusal is also recorded in the audit log, coalesced there the same way
 * but with exact counts (docs/management.md "Audit").
 *
 * <pre>{@code
 * refusals.record(AccessRefusals.Reason.INVALID_TOKEN, "127.0.0.1:50312 GET /api/v1/extensions: the bearer token is not valid");
 * }</pre>
 */
public final class AccessRefusals {
    static final long LOG_INTERVAL_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.access");

    /** Why a request was refused; the wire name is the metric's {@code reason} label. */
    public enum Reason {
        NO_CREDENTIALS, MALFORMED_CREDENTIALS, INVALID_TOKEN, UNKNOWN_CERTIFICATE, ROLE_REFUSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> nextLogAt = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> unlogged = new EnumMap<>(Reason.class);
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final Optional<AccessAudit> audit;

    /**
     * A refused request as the audit log keeps it: where it came from, the user when one was
     * authenticated, method and path (never the query), and why.
     */
    public record Refusal(SocketAddress peer, Optional<String> user, String request, String message) {
    }

    public AccessRefusals() {
        this(Optional.empty());
    }

    /** Refusals also recorded into the audit log through {@code audit}. */
    public AccessRefusals(AccessAudit audit) {
        this(Optional.of(audit));
    }

    private AccessRefusals(Optional<AccessAudit> audit) {
        this(System::nanoTime, line -> LOG.log(Level.WARNING, line), audit);
    }

    AccessRefusals(LongSupplier nanoTime, Consumer<String> log) {
        this(nanoTime, log, Optional.empty());
    }

    AccessRefusals(LongSupplier nanoTime, Consumer<String> log, Optional<AccessAudit> audit) {
        this.nanoTime = nanoTime;
        this.log = log;
        this.audit = audit;
        long now = nanoTime.getAsLong();
        for (Reason reason : Reason.values()) {
            counts.put(reason, new LongAdder());
            nextLogAt.put(reason, new AtomicLong(now));
            unlogged.put(reason, new AtomicLong());
        }
    }

    /** Counts a refusal and logs it unless a line for this reason was written in the last interval. */
    public void record(Reason reason, String detail) {
        counts.get(reason).increment();
        long now = nanoTime.getAsLong();
        AtomicLong next = nextLogAt.get(reason);
        long due = next.get();
        if (now - due < 0 || !next.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS))) {
            unlogged.get(reason).incrementAndGet();
            return;
        }
        long skipped = unlogged.get(reason).getAndSet(0);
        log.accept("management request refused (" + reason.wireName() + "): " + detail
                + (skipped == 0 ? "" : " (and " + skipped + " more refused for this reason, not logged)"));
    }

    /** Counts, logs and (with an audit) records a refused request: actor the user, else {@code unauthenticated <address>}. */
    public void record(Reason reason, Refusal refusal) {
        record(reason, refusal.peer() + " " + refusal.request() + ": " + refusal.message());
        audit.ifPresent(a -> {
            String source = source(refusal.peer());
            a.refused(reason.wireName(), refusal.user().orElseGet(() -> AccessAudit.unauthenticated(source)), source, refusal.request(),
                    refusal.message());
        });
    }

    /** The address of a peer without its port: the port changes with every connection, the address is where it comes from. */
    public static String source(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(peer);
    }

    /** Where logins and refusals are recorded, when they are. */
    public Optional<AccessAudit> audit() {
        return audit;
    }

    /** Refusals since start, per reason wire name, every reason present. */
    public Map<String, Long> counts() {
        Map<String, Long> view = new LinkedHashMap<>();
        counts.forEach((reason, count) -> view.put(reason.wireName(), count.sum()));
        return view;
    }
}
