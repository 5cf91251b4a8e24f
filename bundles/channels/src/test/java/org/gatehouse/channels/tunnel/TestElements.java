package org.gatehouse.channels.tunnel;

import java.security.GeneralSecurityException;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;

/** The elements of the tunnel tests: one CA, two elements that talk, and a third that should not be able to join in. */
final class TestElements {
    static final Authority CA;
    static final Issued ELEMENT_A;
    static final Issued ELEMENT_B;
    static final Issued ELEMENT_C;

    static {
        try {
            CA = TestPki.authority("CN=Channel Test CA,O=Gatehouse Test");
            ELEMENT_A = CA.client("CN=element-a,O=Gatehouse Test");
            ELEMENT_B = CA.server("CN=127.0.0.1,O=Gatehouse Test", "localhost");
            ELEMENT_C = CA.client("CN=element-c,O=Gatehouse Test");
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestElements() {
    }

    static ElementIdentity identity(Issued issued) {
        return new ElementIdentity(issued.privateKey(), issued.certificate());
    }
}
