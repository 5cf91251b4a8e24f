package org.gatehouse.bench.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDirectoryTest {
    @TempDir
    Path folder;

    @Test
    void usersBindWithTheirPasswordAndNotWithAnother() throws Exception {
        try (BenchDirectory directory = BenchDirectory.start(new DirectoryLayout(5, 2));
             LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port())) {
            assertEquals(ResultCode.SUCCESS, connection.bind(DirectoryLayout.userDn(3), DirectoryLayout.password(3)).getResultCode());
            LDAPException wrong = assertThrows(LDAPException.class,
                    () -> connection.bind(DirectoryLayout.userDn(3), DirectoryLayout.password(4)));
            assertEquals(ResultCode.INVALID_CREDENTIALS, wrong.getResultCode());
            assertThrows(LDAPException.class, () -> connection.bind(DirectoryLayout.userDn(5), DirectoryLayout.password(5)),
                    "user5 is beyond the five users");
        }
    }

    @Test
    void eachUserIsInOneTeamAndEveryTeamInTheAllUsersGroup() throws Exception {
        try (BenchDirectory directory = BenchDirectory.start(new DirectoryLayout(5, 2));
             LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port())) {
            List<SearchResultEntry> teamsOfUser3 = connection.search(DirectoryLayout.GROUPS, SearchScope.ONE,
                    "(member=" + DirectoryLayout.userDn(3) + ")", "cn").getSearchEntries();
            assertEquals(List.of("team1"), teamsOfUser3.stream().map(entry -> entry.getAttributeValue("cn")).toList());
            List<SearchResultEntry> parents = connection.search(DirectoryLayout.GROUPS, SearchScope.ONE,
                    "(member=" + DirectoryLayout.groupDn("team1") + ")", "cn").getSearchEntries();
            assertEquals(List.of(DirectoryLayout.ALL_USERS), parents.stream().map(entry -> entry.getAttributeValue("cn")).toList());
        }
    }

    @Test
    void argumentsNameWhatIsWrong() {
        Path portFile = folder.resolve("port");
        DirectoryArguments parsed = DirectoryArguments.parse("--users", "20", "--teams", "4", "--port-file", portFile.toString());
        assertEquals(new DirectoryLayout(20, 4), parsed.layout());
        assertEquals(portFile, parsed.portFile());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> DirectoryArguments.parse("--users", "many", "--port-file", "p"))
                .getMessage().contains("--users takes a number, not 'many'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DirectoryArguments.parse("--users", "10"))
                .getMessage().contains("--port-file is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DirectoryArguments.parse("--teams", "0", "--port-file", "p"))
                .getMessage().contains("teams must be 1 to the number of users (100), not 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DirectoryArguments.parse("--users", "3", "--teams", "4",
                "--port-file", "p")).getMessage().contains("teams must be 1 to the number of users (3), not 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DirectoryArguments.parse("--colour", "red"))
                .getMessage().contains("unknown option --colour"));
    }

    @Test
    void mainWritesThePortOnceListening() throws Exception {
        Path portFile = folder.resolve("ldap.port");
        Thread main = new Thread(() -> {
            try {
                BenchDirectory.main(new String[] {"--users", "3", "--teams", "1", "--port-file", portFile.toString()});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-directory-main");
        main.setDaemon(true);
        main.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(portFile) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int port = Integer.parseInt(Files.readString(portFile));
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", port)) {
            assertEquals(ResultCode.SUCCESS, connection.bind(DirectoryLayout.userDn(2), DirectoryLayout.password(2)).getResultCode());
        }
        main.interrupt();
    }
}
