package org.gatehouse.dataplane.engine;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.config.ElementConfig;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.schemas.XmlDocumentException;

/**
 * Polls {@code element.xml} and applies each new valid version. Polling the content hash (not
 * a WatchService) sees edits made by replacing the file, by editors writing in place, and on
 * file systems without change notification. An invalid version is logged with its position and
 * the running configuration stays; the same bad content is reported once.
 */
final class ElementConfigWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane.config");

    /** What the watcher does with a valid new configuration. */
    interface Applier {
        void apply(ElementConfig config) throws DataPlaneException;
    }

    private final Path file;
    private final ElementConfigLoader loader;
    private final Applier applier;
    private final ScheduledExecutorService timer;
    private byte[] lastDigest;

    ElementConfigWatcher(Path file, ElementConfigLoader loader, Applier applier, byte[] currentContent) {
        this.file = file;
        this.loader = loader;
        this.applier = applier;
        this.lastDigest = digest(currentContent);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-element-config-watch");
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "applying " + file + " failed; the running configuration stays", e);
        }
    }

    /** Reads the file once and applies it when its content changed. */
    void check() {
        if (!Files.exists(file)) {
            return; // mid-replacement, or removed: keep running what we have
        }
        byte[] content;
        try {
            content = ElementConfigLoader.readBytes(file);
        } catch (XmlDocumentException e) {
            return;
        }
        byte[] digest = digest(content);
        if (Arrays.equals(digest, lastDigest)) {
            return;
        }
        lastDigest = digest;
        try {
            ElementConfig next = loader.load(file.getFileName().toString(), content);
            applier.apply(next);
            LOG.log(Level.INFO, "applied changed {0}", file);
        } catch (XmlDocumentException e) {
            LOG.log(Level.WARNING, "{0}; the running configuration stays", e.getMessage());
        } catch (DataPlaneException e) {
            LOG.log(Level.WARNING, "{0}: {1}; the running configuration stays", file.getFileName(), e.getMessage());
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
    public void close() {
        timer.shutdownNow();
    }
}
