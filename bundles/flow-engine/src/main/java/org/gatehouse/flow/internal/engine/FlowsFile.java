package org.gatehouse.flow.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gatehouse.schemas.XmlDocumentReader;

/**
 * {@code conf/flows.xml} on disk: written atomically (temporary file in the same folder, fsync,
 * atomic rename, fsync of the folder), so a crash leaves the old or the new document, never a
 * mix; and polled by content hash, so an edit by hand is seen however the editor saves.
 */
final class FlowsFile implements AutoCloseable {
    static final String FILE_NAME = "flows.xml";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.config");

    private final Path file;
    private ScheduledExecutorService poller;
    private byte[] lastDigest = new byte[0];

    FlowsFile(Path confDir) {
        this.file = confDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** The current content, or null when there is no file. */
    synchronized byte[] read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        long size = Files.size(file);
        if (size > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
            throw new IOException(file + " is " + size + " bytes; at most " + XmlDocumentReader.MAX_DOCUMENT_BYTES + " are read");
        }
        byte[] content = Files.readAllBytes(file);
        lastDigest = digest(content);
        return content;
    }

    /** Replaces the file atomically; the poller will not report this content as a change. */
    synchronized void write(byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".flows-", ".xml.tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file.getParent() + " cannot rename atomically; " + FILE_NAME
                        + " is left unchanged", e);
            }
            syncFolder();
            lastDigest = digest(content);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void syncFolder() {
        // makes the rename itself durable; not every platform lets a folder be opened
        try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot fsync {0}: {1}", file.getParent(), e.getMessage());
        }
    }

    /** Checks the file every {@code interval} and hands changed content to {@code changed}. */
    synchronized void watch(Duration interval, Consumer<byte[]> changed) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-flows-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> check(changed), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(Consumer<byte[]> changed) {
        byte[] content;
        synchronized (this) {
            try {
                if (!Files.exists(file)) {
                    return; // removed or mid-replacement: keep what runs
                }
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                return;
            }
            byte[] digest = digest(content);
            if (Arrays.equals(digest, lastDigest)) {
                return;
            }
            lastDigest = digest;
        }
        try {
            changed.accept(content);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "applying changed " + file + " failed; the flows in force stay", e);
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
