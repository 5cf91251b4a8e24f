package org.gatehouse.channels.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Identities read from real client certificates made with Bouncy Castle, and the ones refused. */
class InstanceIdentityTest {
    private static Authority ca;

    @BeforeAll
    static void authority() throws Exception {
        ca = TestPki.authority("CN=Channels Test CA,O=Gatehouse Test");
    }

    @Test
    void subjectAndSpiffeIdAreRead() throws Exception {
        InstanceIdentity identity = InstanceIdentity.of(ca.clientWithUris("CN=billing,O=Example",
                "https://billing.example.org/", "spiffe://example.org/billing/api").certificate());
        assertEquals("CN=billing,O=Example", identity.subject().getName());
        assertEquals(Optional.of(SpiffeId.parse("spiffe://example.org/billing/api")), identity.spiffeId(), "other URIs are not identities");
        assertEquals("spiffe://example.org/billing/api", identity.key());
        assertEquals("spiffe://example.org/billing/api [CN=billing,O=Example]", identity.toString());
    }

    @Test
    void aCertificateWithoutSpiffeIdIsKnownByItsSubject() throws Exception {
        InstanceIdentity identity = InstanceIdentity.of(ca.client("CN=reporting,O=Example").certificate());
        assertEquals(Optional.empty(), identity.spiffeId());
        assertEquals("dn:cn=reporting,o=example", identity.key());
    }

    @Test
    void twoSpiffeIdsAreRefusedNotChosenFrom() {
        InstanceIdentityException e = assertThrows(InstanceIdentityException.class, () -> InstanceIdentity.of(
                ca.clientWithUris("CN=twice", "spiffe://example.org/reporting", "spiffe://example.org/billing").certificate()));
        assertEquals("certificate [CN=twice] has 2 SPIFFE IDs [spiffe://example.org/reporting, spiffe://example.org/billing]; "
                + "at most one is allowed", e.getMessage());
    }

    @Test
    void aSecondSpiffeIdInAnotherCaseIsStillASecond() {
        InstanceIdentityException e = assertThrows(InstanceIdentityException.class, () -> InstanceIdentity.of(
                ca.clientWithUris("CN=twice", "spiffe://example.org/reporting", "SPIFFE://example.org/billing").certificate()));
        assertEquals("certificate [CN=twice] has 2 SPIFFE IDs [spiffe://example.org/reporting, SPIFFE://example.org/billing]; "
                + "at most one is allowed", e.getMessage());
    }

    @Test
    void anInvalidSpiffeIdIsRefusedWithItsReason() {
        for (String[] bad : new String[][] {
            {"spiffe://example.org/a/../admin", "the path has a '..' segment"},
            {"spiffe://example.org:443/a", "a port is not allowed"},
            {"spiffe://example.org/a%2Fb", "percent-encoding is not allowed"},
            {"Spiffe://example.org/a", "the scheme must be spiffe, in lower case, followed by ://"},
        }) {
            InstanceIdentityException e = assertThrows(InstanceIdentityException.class,
                    () -> InstanceIdentity.of(ca.clientWithUris("CN=bad", bad[0]).certificate()));
            assertEquals("certificate [CN=bad]: invalid SPIFFE ID [" + bad[0] + "]: " + bad[1], e.getMessage());
        }
    }

    @Test
    void subjectAlternativeNamesThatDoNotParseAreRefused() throws Exception {
        // a non-critical extension the JDK keeps as unparseable: its bytes are not a GeneralNames sequence
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), new X500Principal("CN=garbled"), keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new DEROctetString(new byte[] {0x30, 0x05, (byte) 0x86, 0x09, 's', 'p'}));
        X509Certificate garbled = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.identity().privateKey())));

        InstanceIdentityException e = assertThrows(InstanceIdentityException.class, () -> InstanceIdentity.of(garbled));
        assertTrue(e.getMessage().startsWith("certificate [CN=garbled]: its subject alternative names cannot be read: "), e.getMessage());
    }

    @Test
    void aUriTheJdkCannotParseDoesNotHideTheSpiffeIdBesideIt() throws Exception {
        // the JDK drops the whole extension when one URI does not parse ("a b" has a space): read
        // through it, this certificate would have no SPIFFE ID at all
        X509Certificate certificate = ca.clientWithUris("CN=hidden", "https://a b/", "spiffe://example.org/billing").certificate();
        assertEquals(Optional.of(SpiffeId.parse("spiffe://example.org/billing")), InstanceIdentity.of(certificate).spiffeId());
    }
}
