package org.gatehouse.management.confirm;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
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
 * What it holds (steps used, failures, locks) is in memory: a restart forgets it.
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

    Reauthentication(Clock clock, int window, int maxFailures, Duration lockout) {
        if (window < 0 || window > 2 || maxFailures < 1 || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("re-authentication bounds out of range: window " + window + ", " + maxFailures
                    + " failures, lockout " + lockout);
        }
        this.clock = clock;
        this.window = window;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    int maxFailures() {
        return maxFailures;
    }

    Duration lockout() {
        return lockout;
    }

    /** Checks {@code password} and {@code code} for {@code user} (who has both factors); {@code peer} names the connection in the log. */
    Outcome check(ManagementUser user, String password, String code, String peer) {
        State state = states.computeIfAbsent(user.name(), name -> new State());
        synchronized (state) {
            Instant now = clock.instant();
            if (state.lockedUntil != null) {
                if (now.isBefore(state.lockedUntil)) {
                    LOG.log(Level.WARNING, "confirmation listener: re-authentication of " + user.name() + " from " + peer
                            + " refused unchecked: locked until " + state.lockedUntil);
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
                return new Outcome.Accepted();
            }
            state.failures++;
            if (state.failures >= maxFailures) {
                state.lockedUntil = now.plus(lockout);
                LOG.log(Level.WARNING, "confirmation listener: re-authentication of " + user.name() + " from " + peer + " refused, "
                        + state.failures + " failures in a row: locked until " + state.lockedUntil);
                return new Outcome.Locked(state.lockedUntil);
            }
            LOG.log(Level.WARNING, "confirmation listener: re-authentication of " + user.name() + " from " + peer + " refused ("
                    + state.failures + " of " + maxFailures + " failures in a row before a lockout)");
            return new Outcome.Refused(state.failures);
        }
    }
}
