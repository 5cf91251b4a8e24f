package org.gatehouse.flow.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.gatehouse.files.FileWatch;
import org.gatehouse.schemas.XmlDocumentReader;

/**
 * {@code conf/flows.xml} on disk: replaced atomically ({@code AtomicFile}: a crash leaves the old
 * or the new document, never a mix) and watched by content ({@link FileWatch}), so an edit by
 * hand is seen however the editor saves (docs/architecture.md "Files on disk"). A removed file
 * changes nothing: the flows in force stay.
 */
final class FlowsFile implements AutoCloseable {
    static final String FILE_NAME = "flows.xml";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.config");

    private final Path file;
    private final FileWatch watch;
    private volatile Consumer<byte[]> onChange = content -> { };

    FlowsFile(Path confDir) {
        this.file = confDir.resolve(FILE_NAME);
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::changed);
    }

    Path path() {
        return file;
    }

    /** The current content, or null when there is no file. */
    byte[] read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        long size = Files.size(file);
        if (size > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
            throw new IOException(file + " is " + size + " bytes; at most " + XmlDocumentReader.MAX_DOCUMENT_BYTES + " are read");
        }
        byte[] content = Files.readAllBytes(file);
        watch.known(file, content);
        return content;
    }

    /** Replaces the file atomically; the watch will not report this content as a change. */
    void write(byte[] content) throws IOException {
        watch.replace(file, content);
    }

    /** Checks the file every {@code interval} and hands changed content to {@code changed}. */
    void watch(Duration interval, Consumer<byte[]> changed) {
        this.onChange = changed;
        watch.start(interval, "gatehouse-flows-watch");
    }

    private void changed(byte[] content) {
        try {
            onChange.accept(content);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "applying changed " + file + " failed; the flows in force stay", e);
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
