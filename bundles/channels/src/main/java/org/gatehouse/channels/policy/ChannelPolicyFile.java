package org.gatehouse.channels.policy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.platform.files.FileWatch;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * A channel policy file and the policy in force from it, read again whenever its content changes
 * ({@link FileWatch}, by content hash: docs/architecture.md "Files on disk"). An edit that does
 * not read (not valid, an unknown group, a bad pattern) changes nothing: the last good policy
 * stays in force and the problem is logged with its {@code [line:col]}. A file that is missing or
 * broken at start leaves {@link ChannelPolicy#DENY_ALL} in force, so a channel is never enabled
 * by a policy nobody could read. A removed file changes nothing.
 *
 * <pre>{@code
 * ChannelPolicyFile file = ChannelPolicyFile.open(conf.resolve("channel-policy.xml"));
 * file.watch(Duration.ofSeconds(1));
 * ChannelDecision decision = file.current().decide(request);
 * ...
 * file.close();
 * }</pre>
 */
public final class ChannelPolicyFile implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.channels.policy");

    private final Path file;
    private final String name;
    private final FileWatch watch;
    private volatile ChannelPolicy current = ChannelPolicy.DENY_ALL;
    private volatile String problem;

    private ChannelPolicyFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::apply);
    }

    /** Reads the file now; a missing or broken one leaves every channel denied until it reads. */
    public static ChannelPolicyFile open(Path file) {
        ChannelPolicyFile policyFile = new ChannelPolicyFile(file);
        policyFile.readAtStart();
        return policyFile;
    }

    private void readAtStart() {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(XmlDocumentReader.MAX_DOCUMENT_BYTES + 1);
        } catch (NoSuchFileException e) {
            refuse(name + ": file not found: " + file.toAbsolutePath());
            return;
        } catch (IOException e) {
            refuse(name + ": cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
            return;
        }
        watch.known(file, content);
        apply(content);
    }

    /** Checks the file every {@code interval} on a daemon thread until {@link #close}. */
    public ChannelPolicyFile watch(Duration interval) {
        watch.start(interval, "gatehouse-channel-policy-watch");
        return this;
    }

    /** Checks the file now, on the caller's thread. */
    public void checkNow() {
        watch.poll();
    }

    /** The policy in force. */
    public ChannelPolicy current() {
        return current;
    }

    /** Why the last content read was refused, {@code channel-policy.xml [7:31] /channel-policy/rule[1]/from[1]: ...}; empty once a content reads. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void apply(byte[] content) {
        try {
            current = ChannelPolicyReader.parse(name, content);
            problem = null;
            LOG.log(Level.INFO, "channel policy {0} in force: {1} rules", file, current.rules().size());
        } catch (XmlDocumentException e) {
            refuse(e.getMessage());
        }
    }

    private void refuse(String reason) {
        problem = reason;
        LOG.log(Level.ERROR, "channel policy not changed, " + (current == ChannelPolicy.DENY_ALL ? "every channel denied" : "the last good one stays")
                + ": " + reason);
    }

    @Override
    public void close() {
        watch.close();
    }
}
