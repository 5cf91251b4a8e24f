package org.gatehouse.dataplane.engine;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import org.gatehouse.dataplane.config.ElementConfig;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.platform.files.FileWatch;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * Watches {@code element.xml} and applies each new valid version. The watch compares content
 * hashes ({@link FileWatch}, not a WatchService or a modification time), so it sees edits made by
 * replacing the file, by editors writing in place, within one second, and on file systems without
 * change notification (docs/architecture.md "Files on disk"). An invalid version is logged with
 * its position and the running configuration stays; the same bad content is reported once. A
 * removed file changes nothing.
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
    private final FileWatch watch;

    ElementConfigWatcher(Path file, ElementConfigLoader loader, Applier applier, byte[] currentContent) {
        this.file = file;
        this.loader = loader;
        this.applier = applier;
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::apply);
        watch.known(file, currentContent);
    }

    void start(Duration interval) {
        watch.start(interval, "gatehouse-element-config-watch");
    }

    /** Reads the file once and applies it when its content changed. */
    void check() {
        watch.poll();
    }

    private void apply(byte[] content) {
        try {
            ElementConfig next = loader.load(file.getFileName().toString(), content);
            applier.apply(next);
            LOG.log(Level.INFO, "applied changed {0}", file);
        } catch (XmlDocumentException e) {
            LOG.log(Level.WARNING, "{0}; the running configuration stays", e.getMessage());
        } catch (DataPlaneException e) {
            LOG.log(Level.WARNING, "{0}: {1}; the running configuration stays", file.getFileName(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "applying " + file + " failed; the running configuration stays", e);
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
