package org.gatehouse.management.auth;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.gatehouse.files.FileWatch;
import org.gatehouse.schemas.XmlDocumentException;
import org.gatehouse.schemas.XmlDocumentReader;

/**
 * {@code conf/management-users.xml}, read again when its content changes, so users and tokens
 * can be changed without a restart. Each request looks at the file's content ({@link FileWatch},
 * docs/architecture.md "Files on disk"), so an edit within the same second as the last one, or
 * one that keeps the modification time, takes effect at the next request too. A missing file
 * means no users (every request is refused); a file removed later keeps the users read before;
 * a changed file that does not validate is logged and the users read before stay.
 */
public final class UsersFile implements Supplier<ManagementUsers> {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.users");

    private final Path file;
    private final FileWatch watch;
    private ManagementUsers users = new ManagementUsers(List.of());

    /** Reads the file now; a file that exists but is invalid fails here, at start. */
    public UsersFile(Path file) throws XmlDocumentException {
        this.file = file;
        // watched before it is read: an edit in between is seen at the first request
        this.watch = FileWatch.ofFile(file, XmlDocumentReader.MAX_DOCUMENT_BYTES, this::reread);
        if (Files.exists(file)) {
            users = ManagementUsers.read(file);
        } else {
            LOG.log(Level.WARNING, "no management users file " + file + ": every management request is refused");
        }
    }

    @Override
    public synchronized ManagementUsers get() {
        watch.poll();
        return users;
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
