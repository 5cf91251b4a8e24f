package org.gatehouse.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The management users schema's local accounts (docs/management.md "Confirmation"): the valid
 * example binds, and each invalid one is rejected with its exact position and reason. The rule the
 * schema cannot say (exactly one of name and uid) is the reader's, in bundles/management.
 */
class ManagementUsersSchemaTest {
    record LocalAccount(String name, Long uid) {}

    record User(String name,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "role") List<String> roles,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "token") List<Object> tokens,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "local-account")
                List<LocalAccount> localAccounts) {}

    record Users(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "user") List<User> users) {}

    private final XmlDocumentReader reader = XmlDocumentReader.forSchema(GatehouseSchema.MANAGEMENT_USERS);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(ManagementUsersSchemaTest.class.getResource("/examples/management-users/" + name).toURI());
    }

    @Test
    void localAccountsByNameAndByUidBind() throws Exception {
        Users users = reader.read(example("valid/local-accounts.xml"), Users.class);
        assertEquals(List.of(new LocalAccount("alice", null)), users.users().get(0).localAccounts());
        assertEquals(List.of(new LocalAccount(null, 0L), new LocalAccount(null, 4294967294L)), users.users().get(1).localAccounts());
    }

    @Test
    void anAccountNameNeverStartsWithADigit() {
        assertRejected("invalid/local-account-name-is-a-number.xml",
                "local-account-name-is-a-number.xml [5:33] /management-users/user[1]/local-account[1]: Value '1000' is not facet-valid "
                + "with respect to pattern '[A-Za-z_][A-Za-z0-9_.\\-]{0,31}\\$?' for type 'AccountName'.");
    }

    @Test
    void theUidOfNoAccountIsRefused() {
        assertRejected("invalid/local-account-uid-out-of-range.xml",
                "local-account-uid-out-of-range.xml [5:38] /management-users/user[1]/local-account[1]: Value '4294967295' is not "
                + "facet-valid with respect to maxInclusive '4294967294' for type 'Uid'.");
    }

    @Test
    void oneLocalAccountIsOneUser() {
        assertRejected("invalid/local-account-on-two-users.xml",
                "local-account-on-two-users.xml [9:32] /management-users/user[2]/local-account[1]: Duplicate unique value [1000] "
                + "declared for identity constraint \"unique-local-account-uid\" of element \"management-users\".");
    }

    @Test
    void localAccountsComeAfterTokensAndCertificates() {
        assertRejected("invalid/local-account-before-token.xml",
                "local-account-before-token.xml [6:87] /management-users/user[1]/token[1]: Invalid content was found starting with "
                + "element '{\"urn:gatehouse:management-users:1\":token}'. One of '{\"urn:gatehouse:management-users:1\":local-account}' "
                + "is expected.");
    }

    private void assertRejected(String name, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
        assertEquals(message, e.getMessage());
    }
}
