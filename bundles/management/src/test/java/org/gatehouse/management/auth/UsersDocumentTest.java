package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The users document as the API's changes edit it: what is asked changes, everything else (comments,
 * certificates, local accounts, the password hash and TOTP secret) stays as written, and what comes
 * out reads as users.
 */
class UsersDocumentTest {
    private static final String HASH = "$pbkdf2-sha256$i=600000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String USERS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- who manages this element -->
            <management-users xmlns="urn:gatehouse:management-users:1">
              <user name="alice">
                <role>security-officer</role>
                <token sha256="%s" description="laptop"/>
                <certificate subject="CN=alice,O=Example"/>
                <local-account name="alice"/>
                <password hash="%s"/>
                <totp secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"/>
              </user>
            </management-users>
            """.formatted(ManagementUsers.tokenDigestHex("alice-laptop"), HASH);

    private static UsersDocument document() throws IOException {
        return UsersDocument.of(Optional.of(USERS.getBytes(StandardCharsets.UTF_8)));
    }

    private static ManagementUsers read(UsersDocument document) throws Exception {
        return ManagementUsers.read("management-users.xml", document.bytes());
    }

    @Test
    void aUserAddedHasItsRolesAndNothingElseAndTheOthersStayAsWritten() throws Exception {
        UsersDocument document = document();
        document.addUser("bob", EnumSet.of(Role.AUDITOR, Role.ADMIN));
        String text = new String(document.bytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("<!-- who manages this element -->"), text);
        assertTrue(text.contains("<password hash=\"" + HASH + "\"/>"), text);
        assertTrue(text.contains("  <user name=\"bob\"><role>admin</role><role>auditor</role></user>\n</management-users>"), text);
        ManagementUsers users = read(document);
        assertEquals(List.of("alice", "bob"), users.users().stream().map(ManagementUser::name).toList());
        ManagementUser alice = users.users().get(0);
        assertTrue(alice.canReauthenticate() && alice.localAccounts().size() == 1 && alice.certificateSubjects().size() == 1);
        assertEquals(Set.of(Role.ADMIN, Role.AUDITOR), users.users().get(1).roles());
    }

    @Test
    void rolesReplacedComeFirstAsTheSchemaWants() throws Exception {
        UsersDocument document = document();
        document.setRoles("alice", EnumSet.of(Role.SECURITY_OFFICER, Role.AUDITOR));
        assertEquals(Set.of(Role.SECURITY_OFFICER, Role.AUDITOR), read(document).users().get(0).roles());
    }

    @Test
    void tokensAreAddedAfterTheOthersAndRemovedByName() throws Exception {
        UsersDocument document = document();
        document.addToken("alice", "ci", ManagementUsers.tokenDigestHex("alice-ci"));
        assertEquals(List.of("laptop", "ci"), document.tokenNames("alice"));
        assertTrue(read(document).byToken("alice-ci").isPresent());
        document.removeToken("alice", "laptop");
        ManagementUsers users = read(document);
        assertTrue(users.byToken("alice-laptop").isEmpty());
        assertTrue(users.byToken("alice-ci").isPresent());
        assertThrows(IllegalArgumentException.class, () -> document.removeToken("alice", "laptop"));
    }

    @Test
    void aUserRemovedLeavesNoEmptyLineAndAnUnknownUserIsRefused() throws Exception {
        UsersDocument document = document();
        document.addUser("bob", EnumSet.of(Role.ADMIN));
        document.removeUser("alice");
        String text = new String(document.bytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("<management-users xmlns=\"urn:gatehouse:management-users:1\">\n  <user name=\"bob\">"), text);
        assertEquals(List.of("bob"), read(document).users().stream().map(ManagementUser::name).toList());
        assertThrows(IllegalArgumentException.class, () -> document.removeUser("alice"));
        assertThrows(IllegalArgumentException.class, () -> document.addUser("bob", EnumSet.of(Role.ADMIN)));
    }

    @Test
    void withNoFileTheFirstUserMakesTheDocument() throws Exception {
        UsersDocument document = UsersDocument.of(Optional.empty());
        document.addUser("root-officer", EnumSet.of(Role.SECURITY_OFFICER));
        assertEquals(List.of("root-officer"), read(document).users().stream().map(ManagementUser::name).toList());
    }

    @Test
    void aDocumentTypeDeclarationIsNotRead() {
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE u [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<management-users xmlns=\"urn:gatehouse:management-users:1\"><user name=\"a\"><role>admin</role></user>"
                + "</management-users>";
        IOException e = assertThrows(IOException.class, () -> UsersDocument.of(Optional.of(entity.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }
}
