package org.gatehouse.auth.ldap;

import org.gatehouse.auth.testing.LdapDirectory;
import org.gatehouse.auth.testing.Methods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh real directory for each test and the methods started against it, closed in that order
 * after the test: the LDAP authenticator's and authorizer's tests start their methods on it.
 */
abstract class LdapMethodFixture {
    LdapDirectory directory;
    final Methods methods = new Methods();

    @BeforeEach
    void startDirectory() throws Exception {
        directory = new LdapDirectory();
    }

    @AfterEach
    void closeMethodsThenDirectory() {
        methods.close();
        directory.close();
    }
}
