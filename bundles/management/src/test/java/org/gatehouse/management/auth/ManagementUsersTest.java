package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file: schema validation with positions, token digests, subject names in canonical form. */
class ManagementUsersTest {
    @TempDir
    Path folder;

    private Path write(String xml) throws Exception {
        Path file = folder.resolve("management-users.xml");
        Files.writeString(file, xml);
        return file;
    }

    @Test
    void readsUsersRolesTokensAndSubjects() throws Exception {
        ManagementUsers users = ManagementUsers.read(write(TestServer.usersXml(List.of("CN=Ops Console, O=Acme"))));
        assertEquals(6, users.users().size());
        assertEquals("admin-user", users.byToken("admin-token").orElseThrow().name());
        assertEquals(Set.of(Role.values()), users.byToken(TestServer.EVERYONE).orElseThrow().roles());
        assertEquals(Optional.empty(), users.byToken("admin-token "));
        assertEquals(Optional.empty(), users.byToken(""));
        // the same name spelled with other case and spacing
        assertEquals("cert-admin", users.bySubject(new X500Principal("cn=ops console,o=ACME")).orElseThrow().name());
        assertEquals(Optional.empty(), users.bySubject(new X500Principal("CN=Someone Else, O=Acme")));
    }

    @Test
    void theDigestIsSha256OfTheTokensUtf8() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ManagementUsers.tokenDigestHex("hello"));
    }

    @Test
    void aRawTokenInsteadOfADigestIsRefusedWithItsPosition() throws Exception {
        Path file = write("""
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><token sha256="my-secret-token"/></user>
                </management-users>""");
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(file));
        assertTrue(e.getMessage().startsWith("management-users.xml [2:"), e.getMessage());
        assertTrue(e.getMessage().contains("/management-users/user[1]/token"), e.getMessage());
    }

    @Test
    void anUnknownRoleIsRefused() throws Exception {
        Path file = write("""
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>root</role></user>
                </management-users>""");
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(file));
        assertTrue(e.getMessage().contains("root"), e.getMessage());
    }

    @Test
    void oneTokenForTwoUsersIsRefused() throws Exception {
        String digest = ManagementUsers.tokenDigestHex("shared");
        Path file = write("<management-users xmlns=\"urn:gatehouse:management-users:1\">"
                + "<user name=\"a\"><role>admin</role><token sha256=\"" + digest + "\"/></user>"
                + "<user name=\"b\"><role>auditor</role><token sha256=\"" + digest + "\"/></user></management-users>");
        assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(file));
    }

    @Test
    void aSubjectThatIsNotADistinguishedNameIsRefusedNamingIt() throws Exception {
        Path file = write("""
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><certificate subject="not = a, = dn"/></user>
                </management-users>""");
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(file));
        assertTrue(e.getMessage().contains("/management-users/user[1]/certificate[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("subject [not = a, = dn] is not a distinguished name"), e.getMessage());
    }

    @Test
    void aSubjectThatIsNotADistinguishedNameIsRefusedAtItsLineAndColumn() throws Exception {
        String xml = """
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><certificate subject="not = a, = dn"/></user>
                </management-users>""";
        String expected = "management-users.xml [2:78] /management-users/user[1]/certificate[1]: subject [not = a, = dn] "
                + "is not a distinguished name";

        XmlDocumentException fromFile = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(write(xml)));
        XmlDocumentException fromMemory = assertThrows(XmlDocumentException.class,
                () -> ManagementUsers.read("management-users.xml", xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertTrue(fromFile.getMessage().startsWith(expected), fromFile.getMessage());
        assertEquals(fromFile.getMessage(), fromMemory.getMessage());
    }

    @Test
    void localAccountsAreReadByNameOrUid() throws Exception {
        ManagementUsers users = ManagementUsers.read(write("""
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><local-account name="alice"/><local-account uid="1000"/></user>
                  <user name="bob"><role>auditor</role></user>
                </management-users>"""));
        assertEquals(List.of(new LocalAccount.Named("alice"), new LocalAccount.Uid(1000)), users.users().get(0).localAccounts());
        assertEquals(List.of(), users.users().get(1).localAccounts());
    }

    @Test
    void aLocalAccountNamesExactlyOneOfNameAndUid() throws Exception {
        XmlDocumentException both = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(write("""
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><local-account name="alice" uid="1000"/></user>
                </management-users>""")));
        assertEquals("management-users.xml [2:80] /management-users/user[1]/local-account[1]: a local account is named by exactly one of "
                + "name or uid, not both", both.getMessage());
        XmlDocumentException neither = assertThrows(XmlDocumentException.class, () -> ManagementUsers.read(write("""
                <management-users xmlns="urn:gatehouse:management-users:1">
                  <user name="alice"><role>admin</role><local-account/></user>
                </management-users>""")));
        assertEquals("management-users.xml [2:56] /management-users/user[1]/local-account[1]: a local account is named by exactly one of "
                + "name or uid, not neither", neither.getMessage());
    }
}
