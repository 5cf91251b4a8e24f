package org.gatehouse.sample.rule.file.authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.sdk.bladelet.MetricCounter;

/**
 * The rules file and the rules read from it, re-read when its content changes. The check is made by
 * the calls themselves, at most once per interval, so the authorizer starts no thread (which its
 * policy would have to ask for). The content's SHA-256 is compared, not the modification time,
 * whose granularity could hide an edit made within the same second.
 *
 * <p>What stays in force: a file that becomes malformed or unreadable keeps the previous rules (an
 * admin's typo must not lock everybody out, nor open anything) and is reported once per content; a
 * file that is removed leaves no rules, so everything is denied. The file is opened without
 * following a symbolic link: the sandbox names a path as written, so a link placed in the data
 * folder would otherwise carry the extension's grant to wherever it leads.
 */
final class ReloadingRules {
    /**
     * What the last check saw.
     *
     * @param rules     the rules in force; empty when none are (no file yet, or none ever parsed)
     * @param why       why no rules are in force, when none are
     * @param content   the file's SHA-256, or a marker of why it could not be read, empty when there was no file
     * @param checkedAt when the file was last looked at
     */
    record State(Optional<List<AccessRule>> rules, String why, Optional<String> content, Instant checkedAt) {
        State {
            rules = rules.map(List::copyOf);
        }
    }

    private final Path file;
    private final String name;
    private final Duration interval;
    private final Clock clock;
    private final Logger logger;
    private final MetricCounter reloads;
    private final MetricCounter reloadFailures;
    private volatile State state;

    ReloadingRules(Path file, String name, Duration interval, Clock clock, Logger logger, MetricCounter reloads,
                   MetricCounter reloadFailures) {
        this.file = file;
        this.name = name;
        this.interval = interval;
        this.clock = clock;
        this.logger = logger;
        this.reloads = reloads;
        this.reloadFailures = reloadFailures;
        State none = new State(Optional.empty(), "no rules file read yet", Optional.empty(), clock.instant());
        this.state = refreshed(none, clock.instant(), true);
    }

    /** The state in force, after looking at the file again if the interval has passed since the last look. */
    State current() {
        State seen = state;
        if (!due(seen, clock.instant())) {
            return seen;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (due(state, now)) {
                state = refreshed(state, now, false);
            }
            return state;
        }
    }

    private boolean due(State seen, Instant now) {
        // a clock set back counts as due, so a step back cannot stop reloading for the length of the step
        return now.isBefore(seen.checkedAt()) || !now.isBefore(seen.checkedAt().plus(interval));
    }

    private State refreshed(State before, Instant now, boolean first) {
        byte[] content;
        try {
            content = read();
        } catch (NoSuchFileException e) {
            if (first || before.content().isPresent()) {
                logger.log(Level.WARNING, "rules file {0} does not exist: every request is denied until it does", file);
                if (!first) {
                    reloads.increment();
                }
            }
            return new State(Optional.empty(), "rules file " + name + " does not exist", Optional.empty(), now);
        } catch (IOException | SecurityException e) {
            // unreadable (no permission, a symbolic link, a folder): like a malformed file, the rules in force stay
            String marker = "unreadable: " + e;
            if (!before.content().equals(Optional.of(marker))) {
                reloadFailures.increment();
                logger.log(Level.ERROR, "rules file {0} cannot be read, {1}: {2}", file, keeps(before), e.toString());
            }
            return new State(before.rules(), before.rules().isPresent() ? before.why()
                    : "rules file " + name + " cannot be read (" + e.getClass().getSimpleName() + ")", Optional.of(marker), now);
        }
        String digest = sha256(content);
        if (before.content().equals(Optional.of(digest))) {
            return new State(before.rules(), before.why(), before.content(), now);
        }
        try {
            List<AccessRule> rules = RulesFile.parse(name, content);
            if (!first) {
                reloads.increment();
            }
            logger.log(Level.INFO, "rules file {0} {1}: {2} rules", file, first ? "read" : "reloaded", rules.size());
            return new State(Optional.of(rules), "", Optional.of(digest), now);
        } catch (IllegalArgumentException e) {
            reloadFailures.increment();
            logger.log(Level.ERROR, "rules file changed but is malformed, {0}: {1}", keeps(before), e.getMessage());
            return new State(before.rules(), before.rules().isPresent() ? before.why()
                    : "rules file " + name + " is malformed", Optional.of(digest), now);
        }
    }

    private static String keeps(State before) {
        return before.rules().isPresent() ? "the previous " + before.rules().get().size() + " rules stay in force"
                : "no rules are in force: every request is denied";
    }

    /** The file's bytes, at most one past the limit (so the parser can refuse it), never through a symbolic link. */
    private byte[] read() throws IOException {
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            return in.readNBytes(RulesFile.MAX_BYTES + 1);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (Java SE MessageDigest requirements)", e);
        }
    }
}
