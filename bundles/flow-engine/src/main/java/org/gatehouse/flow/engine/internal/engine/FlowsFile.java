package org.gatehouse.flow.engine.internal.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.gatehouse.platform.files.FileWatch;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * {@code conf/flows.xml}: the flows in force are its content in force ({@link InForceLedger},
 * docs/management.md "Hand edits"), never the file as edited. A replacement is the element's own
 * write for a confirmed command: the file and the content in force together, in an order a crash
 * cannot turn into an edit by hand ({@code AtomicFile}: a crash leaves the old or the new
 * document, never a mix). The file is watched by content ({@link FileWatch}, docs/architecture.md
 * "Files on disk"), so an edit by hand is seen however the editor saves; it is handed on as such,
 * not applied. A removed file changes nothing: the flows in force stay.
 */
final class FlowsFile implements AutoCloseable {
    static final String FILE_NAME = "flows.xml";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.config");

    private final Path file;
    private final InForceLedger ledger;
    private final FileWatch watch;
    private volatile Consumer<byte[]> onChange = content -> { };

    FlowsFile(InForceLedger ledger) {
        this.ledger = ledger;
        this.file = ledger.fileOf(FILE_NAME);
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::changed);
    }

    Path path() {
        return file;
    }

    /** The content in force, or null when there is none (no file at the first start). */
    byte[] read() throws IOException {
        Optional<byte[]> content = ledger.inForce(FILE_NAME);
        if (content.isPresent() && content.get().length > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
            throw new IOException(file + " is " + content.get().length + " bytes; at most " + XmlDocumentReader.MAX_DOCUMENT_BYTES
                    + " are read");
        }
        return content.orElse(null);
    }

    /** The first start's step once {@code content} (null: no file) was read and put in force: it is the content in force from now on. */
    void adopt(byte[] content) throws IOException {
        ledger.adopt(FILE_NAME, Optional.ofNullable(content));
    }

    /** What content the watch read is, looked at again with the file at one moment. */
    enum Seen { IN_FORCE, HAND_EDIT, STALE }

    /**
     * Whether {@code content} seen on disk is the content in force (the element's own write), an
     * edit by hand, or stale: the watch read it before the element's own write and the file holds
     * other content now (the watch hands that next). The file is read again and compared under the
     * ledger's lock ({@link InForceLedger#look}), so a read from before a write is never taken for a hand edit.
     */
    Seen seen(byte[] content) throws IOException {
        InForceLedger.Look look = ledger.look(FILE_NAME);
        if (!InForceLedger.same(look.onDisk(), Optional.of(content))) {
            return Seen.STALE;
        }
        return look.inForce() ? Seen.IN_FORCE : Seen.HAND_EDIT;
    }

    /** Replaces the file and the content in force, for a confirmed change; the watch does not report this content as a change. */
    void write(byte[] content) throws IOException {
        ledger.write(FILE_NAME, Optional.of(content));
        if (InForceLedger.same(ledger.onDisk(FILE_NAME), Optional.of(content))) {
            watch.known(file, content);
        }
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
            LOG.log(System.Logger.Level.ERROR, "handling a change of " + file + " failed; the flows in force stay", e);
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
