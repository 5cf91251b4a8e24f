package org.gatehouse.management.auth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gatehouse.platform.files.FileWatch;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * {@code conf/management-users.xml}. In the element ({@link #gated}) the users are those of the
 * content in force ({@link InForceLedger}, docs/management.md "Hand edits"): an edit by hand is
 * not applied but told to a listener, which submits it as a command awaiting confirmation, and the
 * confirmed content is put in force with {@link #putInForce}. Each request looks at the file's
 * content ({@link FileWatch}, docs/architecture.md "Files on disk"), so an edit is seen at the next
 * request however it was saved. A missing file at the first start means no users (every request is
 * refused); a file removed later keeps the users in force.
 *
 * <p>{@link #UsersFile(Path)} reads the file as it is, again whenever it changes: for tests and
 * tools that run without the element's data folder, never for the element itself.
 */
public final class UsersFile implements Supplier<ManagementUsers> {
    /** The file's name relative to the conf folder, as the content in force names it. */
    public static final String NAME = "management-users.xml";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.users");

    private final Path file;
    private final FileWatch watch;
    private final InForceLedger ledger;
    private volatile Consumer<String> handEdits = name -> LOG.log(Level.ERROR, "conf/" + name + " was edited by hand and differs "
            + "from the content in force; it is NOT applied, and nothing runs yet that could submit it for confirmation");
    private ManagementUsers users = new ManagementUsers(List.of());

    /** Reads the file now and again whenever it changes; a file that exists but is invalid fails here. */
    public UsersFile(Path file) throws XmlDocumentException {
        this.file = file;
        this.ledger = null;
        // watched before it is read: an edit in between is seen at the first request
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::reread);
        if (Files.exists(file)) {
            users = ManagementUsers.read(file);
        } else {
            LOG.log(Level.WARNING, "no management users file " + file + ": every management request is refused");
        }
    }

    private UsersFile(InForceLedger ledger) throws XmlDocumentException, IOException {
        this.file = ledger.fileOf(NAME);
        this.ledger = ledger;
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::seen);
        Optional<byte[]> inForce = ledger.inForce(NAME);
        if (inForce.isPresent()) {
            users = ManagementUsers.read(NAME, inForce.get());
        } else {
            LOG.log(Level.WARNING, "no management users in force (" + file + "): every management request is refused");
        }
        // the first start's reading is the content in force from now on
        ledger.adopt(NAME, inForce);
        if (!ledger.accepts(NAME, ledger.onDisk(NAME)) && ledger.onDisk(NAME).isPresent()) {
            LOG.log(Level.WARNING, "conf/" + NAME + " differs from the content in force: the users in force are those confirmed last, "
                    + "and the file waits as a command for a person's confirmation");
        }
    }

    /**
     * The users of the content in force in {@code ledger}; a content in force that does not read
     * fails here, at start.
     */
    public static UsersFile gated(InForceLedger ledger) throws XmlDocumentException, IOException {
        return new UsersFile(ledger);
    }

    /** Who is told of an edit by hand (by its name, {@value #NAME}). */
    public void onHandEdit(Consumer<String> listener) {
        handEdits = listener;
    }

    @Override
    public synchronized ManagementUsers get() {
        watch.poll();
        return users;
    }

    /**
     * Puts a confirmed content in force: read (and checked) first, then recorded as in force, then
     * the users of every next request. Nothing changes when it does not read.
     */
    public synchronized ManagementUsers putInForce(byte[] content) throws XmlDocumentException, IOException {
        if (ledger == null) {
            throw new IllegalStateException("these users are read from " + file + " as it is; nothing is put in force");
        }
        ManagementUsers next = ManagementUsers.read(NAME, content);
        ledger.commit(NAME, Optional.of(content));
        users = next;
        LOG.log(Level.INFO, "management users in force from a confirmed " + NAME + ": " + next.users().size() + " users");
        return next;
    }

    /**
     * The content the users are read from: the content in force, or (read as it is) the file;
     * empty when there is none.
     */
    public synchronized Optional<byte[]> content() throws IOException {
        if (ledger != null) {
            return ledger.inForce(NAME);
        }
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /**
     * The element's own write of a confirmed change of the users (docs/management.md "Users"):
     * {@code content} is read (and checked) first, then written as the file and the content in
     * force together ({@link InForceLedger#write}), then it is the users of every next request.
     * Nothing changes when it does not read.
     */
    public synchronized ManagementUsers replace(byte[] content) throws XmlDocumentException, IOException {
        ManagementUsers next = ManagementUsers.read(NAME, content);
        if (ledger != null) {
            ledger.write(NAME, Optional.of(content));
        } else {
            watch.replace(file, content);
        }
        users = next;
        LOG.log(Level.INFO, "management users in force from a confirmed change: " + next.users().size() + " users");
        return next;
    }

    private void seen(byte[] content) {
        try {
            if (ledger.accepts(NAME, Optional.of(content))) {
                return;
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, "conf/" + NAME + " changed and cannot be compared with the content in force, so it is not applied: " + e);
            return;
        }
        LOG.log(Level.WARNING, "conf/" + NAME + " was edited by hand and differs from the content in force; it is not applied unless "
                + "a person confirms it as a command");
        handEdits.accept(NAME);
    }

    private void reread(byte[] content) {
        try {
            users = ManagementUsers.read(file.getFileName().toString(), content);
            LOG.log(Level.INFO, "management users read again from " + file + ": " + users.users().size() + " users");
        } catch (XmlDocumentException e) {
            LOG.log(Level.WARNING, "management users file not applied, the previous users stay: " + e.getMessage());
        }
    }
}
