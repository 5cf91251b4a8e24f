package org.gatehouse.management.auth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Supplier;
import org.gatehouse.schemas.XmlDocumentException;

/**
 * {@code conf/management-users.xml}, read again when its modification time changes, so users
 * and tokens can be changed without a restart. A missing file means no users (every request is
 * refused); a changed file that does not validate is logged and the users read before stay.
 */
public final class UsersFile implements Supplier<ManagementUsers> {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.users");

    private final Path file;
    private FileTime readAt;
    private ManagementUsers users = new ManagementUsers(List.of());

    /** Reads the file now; a file that exists but is invalid fails here, at start. */
    public UsersFile(Path file) throws XmlDocumentException {
        this.file = file;
        if (Files.exists(file)) {
            readAt = modified();
            users = ManagementUsers.read(file);
        } else {
            LOG.log(Level.WARNING, "no management users file " + file + ": every management request is refused");
        }
    }

    @Override
    public synchronized ManagementUsers get() {
        FileTime now = modified();
        if (now != null && !now.equals(readAt)) {
            readAt = now;
            try {
                users = ManagementUsers.read(file);
                LOG.log(Level.INFO, "management users read again from " + file + ": " + users.users().size() + " users");
            } catch (XmlDocumentException e) {
                LOG.log(Level.WARNING, "management users file not applied, the previous users stay: " + e.getMessage());
            }
        }
        return users;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
