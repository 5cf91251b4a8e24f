package org.gatehouse.management.confirm;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.management.auth.AccessAudit;
import org.gatehouse.management.auth.ManagementUser;

/**
 * A person's re-authentication on the confirmation listener (docs/management.md "The confirmation
 * listener"): their password and a current TOTP code (RFC 6238), both checked every time, so the
 * time taken and the answer say nothing about which one failed.
 *
 * <ul>
 * <li>A code is taken within {@code window} steps either side of now (clocks drift; a person types
 *     slowly), and only for a step later than the last one taken for that person: a code once used
 *     is refused for as long as it would otherwise be valid, and so is any older one.</li>
 * <li>{@code maxFailures} failures in a row lock the person's re-authentication for {@code lockout}:
 *     while locked, nothing is checked and everything is refused; the count starts again after.</li>
 * <li>Attempts of one person are checked one at a time, so two requests cannot both use one code.</li>
 * </ul>
 *
 * Every refusal and lock goes to the audit log as a refused request of the person (coalesced as
 * the management API's are, {@link AccessAudit}), and an accepted re-authentication as a login
 * with the factors named. What it holds (steps used, failures, locks) is in memory: a restart
 * forgets it.
 */
final class Reauthentication {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");

    /** What came of an attempt. */
    sealed interface Outcome {
        /** Both factors right, and the code not used before. */
        record Accepted() implements Outcome {
        }

        /** Refused; {@code failures} in a row so far. */
        record Refused(int failures) implements Outcome {
        }

        /** Refused without a check: locked until then. */
        record Locked(Instant until) implements Outcome {
        }
    }

    private static final class State {
        long lastStep = Long.MIN_VALUE;
        int failures;
        Instant lockedUntil;
    }

    private final Clock clock;
    private final int window;
    private final int maxFailures;
    private final Duration lockout;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Optional<AccessAudit> audit;

    Reauthentication(Clock clock, int window, int maxFailures, Duration lockout) {
        this(clock, window, maxFailures, lockout, Optional.empty());
    }

    Reauthentication(Clock clock, int window, int maxFailures, Duration lockout, Optional<AccessAudit> audit) {
        if (window < 0 || window > 2 || maxFailures < 1 || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("re-authentication bounds out of range: window " + window + ", " + maxFailures
                    + " failures, lockout " + lockout);
        }
        this.clock = clock;
        this.window = window;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.audit = audit;
    }

    int maxFailures() {
        return maxFailures;
    }

    Duration lockout() {
        return lockout;
    }

    /**
     * Checks {@code password} and {@code code} for {@code user} (who has both factors); {@code peer}
     * is the address the request came from, {@code request} what it asked (for the log and the audit).
     */
    Outcome check(ManagementUser user, String password, String code, String peer, String request) {
        State state = states.computeIfAbsent(user.name(), name -> new State());
        synchronized (state) {
            Instant now = clock.instant();
            if (state.lockedUntil != null) {
                if (now.isBefore(state.lockedUntil)) {
                    refused("reauthentication_locked", user, peer, request, "re-authentication refused unchecked: locked until " + state.lockedUntil);
                    return new Outcome.Locked(state.lockedUntil);
                }
                state.lockedUntil = null;
                state.failures = 0;
            }
            // both factors are checked whatever the other gave: no early return, one answer for both
            boolean passwordRight = user.password().map(p -> p.matches(password)).orElse(false);
            OptionalLong step = user.totp().map(t -> t.matchingStep(code, now.getEpochSecond(), window)).orElse(OptionalLong.empty());
            boolean codeFresh = step.isPresent() && step.getAsLong() > state.lastStep;
            if (passwordRight & codeFresh) {
                state.lastStep = step.getAsLong();
                state.failures = 0;
                LOG.log(Level.INFO, "confirmation listener: " + user.name() + " re-authenticated from " + peer);
                audit.ifPresent(a -> a.authenticated(user.name(), peer, "client certificate, password and one-time code"));
                return new Outcome.Accepted();
            }
            state.failures++;
            if (state.failures >= maxFailures) {
                state.lockedUntil = now.plus(lockout);
                refused("reauthentication_locked", user, peer, request, "re-authentication refused, " + state.failures
                        + " failures in a row: locked until " + state.lockedUntil);
                return new Outcome.Locked(state.lockedUntil);
            }
            refused("reauthentication_failed", user, peer, request, "re-authentication refused (" + state.failures + " of " + maxFailures
                    + " failures in a row before a lockout)");
            return new Outcome.Refused(state.failures);
        }
    }

    private void refused(String reason, ManagementUser user, String peer, String request, String message) {
        LOG.log(Level.WARNING, "confirmation listener: " + user.name() + " from " + peer + " " + request + ": " + message);
        audit.ifPresent(a -> a.refused(reason, user.name(), peer, "confirmation listener " + request, message));
    }
}
