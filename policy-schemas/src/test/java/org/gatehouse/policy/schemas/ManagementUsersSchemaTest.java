package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The management users schema's local accounts and re-authentication factors (docs/management.md
 * "Confirmation"): the valid examples bind, and each invalid one is rejected with its exact position
 * and reason. The rule the schema cannot say (exactly one of name and uid) is the reader's, in
 * bundles/management.
 */
class ManagementUsersSchemaTest {
    record LocalAccount(String name, Long uid) {}

    record Password(String hash) {}

    record Totp(String secret, String algorithm, Integer digits, Integer period) {}

    record User(String name,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "role") List<String> roles,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "token") List<Object> tokens,
                @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "local-account")
                List<LocalAccount> localAccounts,
                Password password, Totp totp) {}

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
                + "element '{\"urn:gatehouse:management-users:1\":token}'. One of '{\"urn:gatehouse:management-users:1\":local-account, "
                + "\"urn:gatehouse:management-users:1\":password}' is expected.");
    }

    @Test
    void passwordAndTotpBindWithTheTotpDefaultsFilledIn() throws Exception {
        Users users = reader.read(example("valid/reauthentication.xml"), Users.class);
        assertEquals(new Password("$pbkdf2-sha256$i=600000$AAECAwQFBgcICQoLDA0ODw$7xdxRO7JQgy8EJPSqLNEqSvFBtDU7JwCjdGfgyTYweY"),
                users.users().get(0).password());
        assertEquals(new Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "SHA1", 6, 30), users.users().get(0).totp());
        assertEquals(new Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "SHA256", 8, 60), users.users().get(1).totp());
    }

    @Test
    void aPasswordHashOfFewIterationsIsRefused() {
        assertRejected("invalid/password-few-iterations.xml",
                "password-few-iterations.xml [5:112] /management-users/user[1]/password[1]: Value "
                + "'$pbkdf2-sha256$i=1000$AAECAwQFBgcICQoLDA0ODw$7xdxRO7JQgy8EJPSqLNEqSvFBtDU7JwCjdGfgyTYweY' is not facet-valid "
                + "with respect to pattern '\\$pbkdf2-sha256\\$i=[1-9][0-9]{5,7}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}' "
                + "for type 'PasswordHash'.");
    }

    @Test
    void aPlainPasswordIsRefused() {
        assertRejected("invalid/password-plain.xml",
                "password-plain.xml [5:52] /management-users/user[1]/password[1]: Value 'correct horse battery staple' is not "
                + "facet-valid with respect to pattern '\\$pbkdf2-sha256\\$i=[1-9][0-9]{5,7}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}' "
                + "for type 'PasswordHash'.");
    }

    @Test
    void aPasswordNeedsATotpSecret() {
        assertRejected("invalid/password-without-totp.xml",
                "password-without-totp.xml [6:10] /management-users/user[1]: The content of element 'user' is not complete. "
                + "One of '{\"urn:gatehouse:management-users:1\":totp}' is expected.");
    }

    @Test
    void aTotpSecretNeedsAPassword() {
        assertRejected("invalid/totp-without-password.xml",
                "totp-without-password.xml [5:54] /management-users/user[1]/totp[1]: Invalid content was found starting with "
                + "element '{\"urn:gatehouse:management-users:1\":totp}'. One of '{\"urn:gatehouse:management-users:1\":role, "
                + "\"urn:gatehouse:management-users:1\":token, \"urn:gatehouse:management-users:1\":certificate, "
                + "\"urn:gatehouse:management-users:1\":local-account, \"urn:gatehouse:management-users:1\":password}' is expected.");
    }

    @Test
    void aTotpSecretOfFewerThan128BitsIsRefused() {
        assertRejected("invalid/totp-secret-short.xml",
                "totp-secret-short.xml [6:38] /management-users/user[1]/totp[1]: Value 'GEZDGNBVGY3TQOJQ' is not facet-valid "
                + "with respect to pattern '[A-Z2-7]{26,128}' for type 'TotpSecret'.");
    }

    @Test
    void aTotpAlgorithmIsSha1OrSha256() {
        assertRejected("invalid/totp-sha512.xml",
                "totp-sha512.xml [6:73] /management-users/user[1]/totp[1]: Value 'SHA512' is not facet-valid with respect to "
                + "enumeration '[SHA1, SHA256]'. It must be a value from the enumeration.");
    }

    private void assertRejected(String name, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
        assertEquals(message, e.getMessage());
    }
}
