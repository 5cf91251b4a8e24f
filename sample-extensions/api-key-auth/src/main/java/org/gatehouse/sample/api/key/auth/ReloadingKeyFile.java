package org.gatehouse.sample.api.key.auth;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gatehouse.sdk.bladelet.MetricCounter;

/**
 * The keys file and the entries read from it, re-read when its content changes. The check is made
 * by the calls themselves, at most once per interval, so the authenticator starts no thread (which
 * its policy would have to ask for) and an idle element reads nothing. The content is compared, not
 * the modification time, whose granularity could hide an edit made within the same second.
 *
 * <p>A file that becomes malformed keeps the previous keys in force (an admin's typo must not lock
 * every client out) and is reported once per content; a file that is removed revokes every key.
 */
final class ReloadingKeyFile {
    /** What the last check saw; {@code content} is the file's SHA-256, empty when there was no file. */
    private record State(List<ApiKeyEntry> entries, Optional<String> content, Instant checkedAt) {
        State {
            entries = List.copyOf(entries);
        }
    }

    private final Path file;
    private final Duration interval;
    private final Clock clock;
    private final Logger logger;
    private final MetricCounter reloads;
    private final MetricCounter reloadFailures;
    private volatile State state;

    /**
     * Reads the file now. A missing file is no keys at all (and a warning).
     *
     * @throws IllegalArgumentException when the file is malformed, naming the file and line
     */
    ReloadingKeyFile(Path file, Duration interval, Clock clock, Logger logger, MetricCounter reloads, MetricCounter reloadFailures) {
        this.file = file;
        this.interval = interval;
        this.clock = clock;
        this.logger = logger;
        this.reloads = reloads;
        this.reloadFailures = reloadFailures;
        Optional<byte[]> content = read();
        if (content.isEmpty()) {
            logger.log(Level.WARNING, "keys file {0} does not exist: every API key is rejected until it does", file);
        }
        this.state = new State(content.map(bytes -> ApiKeyFile.parse(file.toString(), bytes)).orElse(List.of()),
                content.map(ReloadingKeyFile::hex), clock.instant());
    }

    /** The keys in force, after re-reading the file if the interval has passed since the last check. */
    List<ApiKeyEntry> entries() {
        State seen = state;
        if (!due(seen, clock.instant())) {
            return seen.entries();
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (due(state, now)) {
                state = refreshed(state, now);
            }
            return state.entries();
        }
    }

    private boolean due(State seen, Instant now) {
        // a clock set back counts as due, so a step back cannot stop reloading for the length of the step
        return now.isBefore(seen.checkedAt()) || !now.isBefore(seen.checkedAt().plus(interval));
    }

    private State refreshed(State before, Instant now) {
        Optional<byte[]> content;
        try {
            content = read();
        } catch (IllegalStateException e) {
            reloadFailures.increment();
            logger.log(Level.ERROR, "keys file {0} cannot be read, the previous keys stay in force: {1}", file, e.getMessage());
            return new State(before.entries(), before.content(), now);
        }
        Optional<String> digest = content.map(ReloadingKeyFile::hex);
        if (digest.equals(before.content())) {
            return new State(before.entries(), before.content(), now);
        }
        if (content.isEmpty()) {
            logger.log(Level.WARNING, "keys file {0} was removed: every API key is now rejected", file);
            reloads.increment();
            return new State(List.of(), digest, now);
        }
        try {
            List<ApiKeyEntry> entries = ApiKeyFile.parse(file.toString(), content.get());
            reloads.increment();
            logger.log(Level.INFO, "keys file {0} reloaded: {1} keys", file, entries.size());
            return new State(entries, digest, now);
        } catch (IllegalArgumentException e) {
            reloadFailures.increment();
            logger.log(Level.ERROR, "keys file changed but is malformed, the previous keys stay in force: {0}", e.getMessage());
            return new State(before.entries(), digest, now);
        }
    }

    /** The file's bytes, empty when it does not exist; at most one byte past the limit, so the parser can refuse it. */
    private Optional<byte[]> read() {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(in.readNBytes(ApiKeyFile.MAX_BYTES + 1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e, e);
        }
    }

    private static String hex(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (Java SE MessageDigest requirements)", e);
        }
    }
}
