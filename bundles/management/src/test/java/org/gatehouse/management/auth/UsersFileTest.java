package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file is read again whenever its content changes, however it was saved. */
class UsersFileTest {
    @TempDir
    Path conf;

    private static String users(String name) {
        return "<management-users xmlns=\"urn:gatehouse:management-users:1\"><user name=\"" + name + "\"><role>admin</role>"
                + "<token sha256=\"" + ManagementUsers.tokenDigestHex(name + "-token") + "\"/></user></management-users>";
    }

    private static List<String> names(UsersFile file) {
        return file.get().users().stream().map(ManagementUser::name).toList();
    }

    @Test
    void anEditThatKeepsTheModificationTimeIsSeen() throws Exception {
        Path path = Files.writeString(conf.resolve("management-users.xml"), users("alice"));
        FileTime stamp = Files.getLastModifiedTime(path);
        UsersFile file = new UsersFile(path);
        assertEquals(List.of("alice"), names(file));

        // same length, same second: a modification time cannot tell
        Files.writeString(path, users("carol"));
        Files.setLastModifiedTime(path, stamp);

        assertEquals(List.of("carol"), names(file));
    }

    @Test
    void aReplacementByRenameIsSeenAndARemovalKeepsTheUsers() throws Exception {
        Path path = Files.writeString(conf.resolve("management-users.xml"), users("alice"));
        UsersFile file = new UsersFile(path);

        Path staged = Files.writeString(conf.resolve(".management-users.xml.tmp"), users("bob"));
        Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of("bob"), names(file));

        Files.delete(path);
        assertEquals(List.of("bob"), names(file), "a removed file keeps the users read before");
    }

    @Test
    void anInvalidEditKeepsTheUsersReadBefore() throws Exception {
        Path path = Files.writeString(conf.resolve("management-users.xml"), users("alice"));
        UsersFile file = new UsersFile(path);

        Files.writeString(path, "<management-users xmlns=\"urn:gatehouse:management-users:1\"><user/></management-users>");

        assertEquals(List.of("alice"), names(file));
    }
}
