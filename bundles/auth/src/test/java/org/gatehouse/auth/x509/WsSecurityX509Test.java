package org.gatehouse.auth.x509;

import static org.gatehouse.auth.testing.SoapTokens.PKCS7;
import static org.gatehouse.auth.testing.SoapTokens.PKI_PATH;
import static org.gatehouse.auth.testing.SoapTokens.SOAP11;
import static org.gatehouse.auth.testing.SoapTokens.SOAP12;
import static org.gatehouse.auth.testing.SoapTokens.X509V3;
import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.spec.XPathFilterParameterSpec;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.SoapTokens;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The {@code ws-security-x509} location in front of the {@code x509} method, through the
 * authenticate step: certificates made in the test, envelopes signed with the JDK's XML DSig, and
 * every way around the proof of possession an attacker holding only a copy of the certificate has.
 */
class WsSecurityX509Test {
    private static final CredentialLocation LOCATION = new CredentialLocation("ws-security-x509", Map.of());

    @TempDir
    static Path folder;
    private static Authority ca;
    private static Authority ecCa;
    private static Issued alice;
    private static Issued revoked;
    private static final Methods METHODS = new Methods();
    private static final StepRunner RUNNER = new StepRunner();
    private static PlatformStep step;

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.authority("CN=Test Root,O=Gatehouse Test", TestPki.KeyType.RSA);
        alice = ca.leaf("CN=alice,O=Gatehouse Test");
        revoked = ca.leaf("CN=mallory,O=Gatehouse Test");
        ecCa = TestPki.authority("CN=EC Root,O=Gatehouse Test", TestPki.KeyType.EC);
        Path anchors = TestPki.pem(folder.resolve("ca.pem"), ca.certificate(), ecCa.certificate());
        Path crl = TestPki.pem(folder.resolve("ca.crl"), ca.crl(revoked.certificate()), ecCa.crl());
        RUNNER.authenticator("soap-x509", METHODS.start("x509", Map.of("trust-anchors", anchors.toString(), "crl-files", crl.toString()),
                Authenticator.class));
        step = RUNNER.step(new AuthenticateStepFactory(), Map.of("method", "soap-x509", "realm", "orders"));
    }

    @AfterAll
    static void stop() {
        METHODS.close();
    }

    private static PlatformOutcome send(String envelope) throws Exception {
        return RUNNER.run(step, TestMessage.request("POST", "/soap").header("Content-Type", "text/xml").body(envelope).build(), LOCATION);
    }

    /** Refused with 401 and the reason in the log. */
    private static Response assertRefused(String envelope, String reasonPart) throws Exception {
        int before = RUNNER.logger().entries().size();
        Response response = assertResponded(send(envelope), 401);
        var logged = RUNNER.logger().entries().subList(before, RUNNER.logger().entries().size());
        assertTrue(logged.stream().anyMatch(e -> e.message().contains(reasonPart)), "expected '" + reasonPart + "' in " + logged);
        return response;
    }

    private static String signedBy(PrivateKey key, Issued holder) throws Exception {
        return SoapTokens.signedX509(SOAP11, X509V3, SoapTokens.certificateToken(X509V3, holder.certificate()), key);
    }

    @Test
    void aCertificateWhoseKeySignedTheBodyAuthenticatesItsSubject() throws Exception {
        PlatformOutcome outcome = send(signedBy(alice.privateKey(), alice));

        assertEquals("alice", outcome.identity().orElseThrow().principal());
        assertEquals("x509", outcome.identity().orElseThrow().authenticationMethod());
        assertTrue(outcome.consumed().isEmpty(), "the body is not edited: " + outcome.consumed());
    }

    @Test
    void soap12AndTheChainTokenTypesAuthenticateToo() throws Exception {
        for (String type : List.of(X509V3, PKI_PATH, PKCS7)) {
            for (String soap : List.of(SOAP11, SOAP12)) {
                String envelope = SoapTokens.signedX509(soap, type, SoapTokens.certificateToken(type, alice.certificate(), ca.certificate()),
                        alice.privateKey());
                PlatformOutcome outcome = send(envelope);
                assertEquals("alice", outcome.identity().map(i -> i.principal()).orElse(null), type + " in " + soap + ": "
                        + RUNNER.logger().entries().get(RUNNER.logger().entries().size() - 1));
            }
        }
    }

    @Test
    void theSameSignedEnvelopeSentAgainIsAReplay() throws Exception {
        String signed = signedBy(alice.privateKey(), alice);

        assertEquals("alice", send(signed).identity().orElseThrow().principal());
        assertRefused(signed, "replayed: this signed Body and Timestamp were accepted before");
        assertEquals("alice", send(signedBy(alice.privateKey(), alice)).identity().orElseThrow().principal());
    }

    /** An ECDSA signature (r, s) has a second valid form (r, n - s) anyone can compute: still the same envelope. */
    @Test
    void theOtherFormOfAnEcdsaSignatureIsAReplayToo() throws Exception {
        Issued bob = ecCa.leaf("CN=bob,O=Gatehouse Test");
        String signed = signedBy(bob.privateKey(), bob);
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("SignatureValue>([^<]+)<").matcher(signed);
        assertTrue(value.find(), signed);
        byte[] rs = java.util.Base64.getMimeDecoder().decode(value.group(1).replace("&#13;", ""));
        java.math.BigInteger order = ((java.security.interfaces.ECPublicKey) bob.certificate().getPublicKey()).getParams().getOrder();
        java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        byte[] other = java.util.Arrays.copyOf(rs, 64);
        byte[] negated = order.subtract(s).toByteArray();
        java.util.Arrays.fill(other, 32, 64, (byte) 0);
        int length = Math.min(negated.length, 32);
        System.arraycopy(negated, negated.length - length, other, 64 - length, length);
        String malleated = signed.replace(value.group(1), java.util.Base64.getEncoder().encodeToString(other));
        assertNotEquals(signed, malleated);

        assertEquals("bob", send(signed).identity().orElseThrow().principal());
        assertRefused(malleated, "replayed");
    }

    @Test
    void aCertificateWithoutASignatureProvesNothing() throws Exception {
        Instant now = Instant.now();
        Document bare = SoapTokens.envelope(SOAP11, X509V3, alice.certificate().getEncoded(), now, now.plusSeconds(300));

        Response response = assertRefused(SoapTokens.text(bare), "no ds:Signature in wsse:Security");
        assertEquals(List.of("WSSE realm=\"orders\""), response.headers().all("WWW-Authenticate"));
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        Issued mallory = ca.leaf("CN=mallory2,O=Gatehouse Test"); // trusted, but not the key of the certificate sent

        assertRefused(signedBy(mallory.privateKey(), alice), "does not verify with the certificate's key (SignatureValue)");
        assertEquals("mallory2", send(signedBy(mallory.privateKey(), mallory)).identity().orElseThrow().principal());
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        String signed = signedBy(alice.privateKey(), alice);
        String changed = signed.replace(">10<", ">10000<");
        assertNotEquals(signed, changed);

        assertRefused(changed, "digest of #body");
    }

    /** The signature by Id does not cover comments, and an upstream may read only the first text node. */
    @Test
    void aCommentInsertedIntoTheSignedBodyIsRefused() throws Exception {
        String signed = signedBy(alice.privateKey(), alice);

        assertRefused(signed.replace(">alice<", ">al<!---->ice<"), "the Body holds an XML comment, which no signature by Id covers");
    }

    @Test
    void theSignedBodyMovedAsideAndAnotherBodyProcessedIsRefused() throws Exception {
        String signed = signedBy(alice.privateKey(), alice);

        assertRefused(SoapTokens.wrapped(signed, null), "the Body has no wsu:Id");
        assertRefused(SoapTokens.wrapped(signed, "other"), "the signature references '#body', not the Body");
        assertRefused(SoapTokens.wrapped(signed, "body"), "Id 'body' of the Body is carried by 2 elements");
    }

    @Test
    void aSecondSecurityHeaderOrBodyIsRefused() throws Exception {
        String signed = signedBy(alice.privateKey(), alice);
        String twoSecurity = signed.replace("</s:Header>", "<wsse:Security/></s:Header>");
        String twoBodies = signed.replace("</s:Envelope>", "<s:Body/></s:Envelope>");

        assertRefused(twoSecurity, "2 Security elements in Header");
        assertRefused(twoBodies, "2 Body elements in Envelope");
    }

    @Test
    void theTimestampMustBeSignedCurrentAndPresent() throws Exception {
        Instant now = Instant.now();
        byte[] token = alice.certificate().getEncoded();
        Document unsignedTimestamp = SoapTokens.envelope(SOAP11, X509V3, token, now, now.plusSeconds(300));
        SoapTokens.sign(unsignedTimestamp, alice.privateKey(), List.of("#body"), List.of());
        Document old = SoapTokens.envelope(SOAP11, X509V3, token, now.minus(Duration.ofMinutes(10)), now.plusSeconds(300));
        SoapTokens.sign(old, alice.privateKey(), List.of("#body", "#ts"), List.of());
        Document expired = SoapTokens.envelope(SOAP11, X509V3, token, now.minusSeconds(200), now.minusSeconds(100));
        SoapTokens.sign(expired, alice.privateKey(), List.of("#body", "#ts"), List.of());
        Document none = SoapTokens.envelope(SOAP11, X509V3, token, null, null);
        SoapTokens.sign(none, alice.privateKey(), List.of("#body"), List.of());

        assertRefused(SoapTokens.text(unsignedTimestamp), "the signature does not cover the Timestamp (#ts)");
        assertRefused(SoapTokens.text(old), "is older than 5 minutes");
        assertRefused(SoapTokens.text(expired), "Timestamp expired at");
        assertRefused(SoapTokens.text(none), "0 Timestamp elements in Security");
    }

    @Test
    void referencesOtherThanByIdToTheBodyTimestampOrTokenAreRefused() throws Exception {
        Instant now = Instant.now();
        Document wholeDocument = SoapTokens.envelope(SOAP11, X509V3, alice.certificate().getEncoded(), now, now.plusSeconds(300));
        SoapTokens.sign(wholeDocument, alice.privateKey(), List.of("#body", "#ts", ""), List.of());
        Document external = SoapTokens.envelope(SOAP11, X509V3, alice.certificate().getEncoded(), now, now.plusSeconds(300));
        String file = java.nio.file.Files.writeString(folder.resolve("outside.xml"), "<x/>").toUri().toString();
        SoapTokens.sign(external, alice.privateKey(), List.of("#body", "#ts", file), List.of());
        Document filtered = SoapTokens.envelope(SOAP11, X509V3, alice.certificate().getEncoded(), now, now.plusSeconds(300));
        Transform xpath = XMLSignatureFactory.getInstance("DOM").newTransform(Transform.XPATH, new XPathFilterParameterSpec("false()"));
        SoapTokens.sign(filtered, alice.privateKey(), List.of("#body", "#ts"), List.of(xpath));

        assertRefused(SoapTokens.text(wholeDocument), "the signature references '', not the Body");
        assertRefused(SoapTokens.text(external), "the signature references '" + file + "'");
        assertRefused(SoapTokens.text(filtered), "is not a canonicalization: the whole element must be signed");
    }

    @Test
    void theMethodStillDecidesOnTheChain() throws Exception {
        Authority stranger = TestPki.authority("CN=Other Root,O=Gatehouse Test", TestPki.KeyType.RSA);
        Issued outsider = stranger.leaf("CN=outsider,O=Gatehouse Test");
        Issued old = ca.leaf("CN=old,O=Gatehouse Test", Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));

        Response untrusted = assertRefused(signedBy(outsider.privateKey(), outsider), "Trust anchor");
        assertEquals(List.of("ClientCertificate realm=\"gatehouse\""), untrusted.headers().all("WWW-Authenticate"));
        assertRefused(signedBy(old.privateKey(), old), "NotAfter");
        assertRefused(signedBy(revoked.privateKey(), revoked), "revocation");
    }

    @Test
    void tokensThatDoNotReadAreRefusedWithWhere() throws Exception {
        String signed = signedBy(alice.privateKey(), alice);

        assertRefused(signed.replaceFirst("(wss-soap-message-security-1.0#)Base64Binary", "$1HexBinary"), "is not Base64Binary");
        assertRefused(signed.replaceFirst("(ValueType=\"[^\"]*\"[^>]*>)MII", "$1!II"), "not base64");
        assertRefused(signed.replaceFirst("(ValueType=\"[^\"]*\"[^>]*>)MII", "$1AAA"), "the token is not a certificate");
        assertResponded(send("<s:Envelope xmlns:s=\"" + SOAP11 + "\"><s:Body/></s:Envelope>"), 401);
    }
}
