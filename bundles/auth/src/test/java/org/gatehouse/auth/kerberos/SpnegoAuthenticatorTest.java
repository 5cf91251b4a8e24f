package org.gatehouse.auth.kerberos;

import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.testing.KerberosRealm;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.RawKerberosToken;
import org.gatehouse.auth.testing.SoapTokens;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.message.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPNEGO against tickets issued by a real KDC on loopback, through the authenticate step. */
class SpnegoAuthenticatorTest {
    /** Tickets live this long, so that the expiry case does not make the suite slow. */
    private static final long TICKET_SECONDS = 4;
    private static final String SERVICE = "HTTP/localhost";
    private static final CredentialLocation SOAP_KERBEROS = new CredentialLocation("ws-security-kerberos", Map.of());

    @TempDir
    static Path folder;
    private static KerberosRealm realm;
    private static Path serviceKeytab;
    private static Path aliceKeytab;
    private static Path otherServiceKeytab;
    private static final Methods METHODS = new Methods();
    private static final StepRunner RUNNER = new StepRunner();
    private static PlatformStep step;

    @BeforeAll
    static void start() throws Exception {
        realm = new KerberosRealm(folder, TICKET_SECONDS, 1);
        serviceKeytab = realm.keytab(SERVICE);
        otherServiceKeytab = realm.keytab("HTTP/other");
        aliceKeytab = realm.keytab("alice");
        RUNNER.authenticator("corp-kerberos", METHODS.start("kerberos", Map.of("keytab", serviceKeytab.toString(),
                "service-principal", SERVICE + "@" + KerberosRealm.REALM), Authenticator.class));
        step = RUNNER.step(new AuthenticateStepFactory(), Map.of("method", "corp-kerberos"));
    }

    @AfterAll
    static void stop() throws Exception {
        METHODS.close();
        realm.close();
    }

    private static PlatformOutcome send(byte[] token) throws Exception {
        return RUNNER.run(step, TestMessage.request("GET", "/").header("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(token)).build());
    }

    private static boolean logged(String part) {
        return RUNNER.logger().entries().stream().anyMatch(e -> e.message().contains(part));
    }

    @Test
    void validTicketAuthenticatesTheClientPrincipal() throws Exception {
        PlatformOutcome outcome = send(KerberosRealm.spnegoToken(aliceKeytab, "alice", SERVICE));

        assertEquals("alice", outcome.identity().orElseThrow().principal());
        assertEquals(List.of("alice@EXAMPLE.COM"), outcome.identity().orElseThrow().claim("kerberos-principal"));
        assertEquals("kerberos", outcome.identity().orElseThrow().authenticationMethod());
    }

    @Test
    void theNegotiateTokenIsConsumedUnlessTheStepForwardsIt() throws Exception {
        String token = "Negotiate " + Base64.getEncoder().encodeToString(KerberosRealm.spnegoToken(aliceKeytab, "alice", SERVICE));
        TestMessage message = TestMessage.request("GET", "/").header("authorization", token).build();
        PlatformOutcome outcome = RUNNER.run(step, message);
        assertEquals("alice", outcome.identity().orElseThrow().principal());
        assertEquals(List.of(new Header("authorization", token)), outcome.consumed().headerFields());

        PlatformStep forwarding = RUNNER.step(new AuthenticateStepFactory(), Map.of("method", "corp-kerberos", "forward-credential", "true"));
        PlatformOutcome forwarded = RUNNER.run(forwarding, TestMessage.request("GET", "/").header("Authorization",
                "Negotiate " + Base64.getEncoder().encodeToString(KerberosRealm.spnegoToken(aliceKeytab, "alice", SERVICE))).build());
        assertEquals("alice", forwarded.identity().orElseThrow().principal());
        assertTrue(forwarded.consumed().isEmpty(), forwarded.consumed().toString());
    }

    @Test
    void ticketForAnotherServicePrincipalIs401WithNegotiate() throws Exception {
        Response response = assertResponded(send(KerberosRealm.spnegoToken(aliceKeytab, "alice", "HTTP/other")), 401);

        assertEquals(List.of("Negotiate"), response.headers().all("WWW-Authenticate"));
        assertTrue(logged("SPNEGO token refused"), RUNNER.logger().entries().toString());
        assertTrue(otherServiceKeytab.toFile().exists());
    }

    @Test
    void rawKerberosTokenWithAFreshTicketIsAccepted() throws Exception {
        byte[] token = RawKerberosToken.of(realm.serviceTicket(aliceKeytab, "alice", SERVICE), "alice", KerberosRealm.REALM);

        assertEquals("alice", send(token).identity().orElseThrow().principal());
    }

    @Test
    void expiredTicketWithAFreshAuthenticatorIs401() throws Exception {
        var ticket = realm.serviceTicket(aliceKeytab, "alice", SERVICE);
        Thread.sleep((TICKET_SECONDS + 2) * 1000); // past the ticket's end and the 1 s clock skew

        assertResponded(send(RawKerberosToken.of(ticket, "alice", KerberosRealm.REALM)), 401);
        assertTrue(logged("Ticket expired"), RUNNER.logger().entries().toString());
    }

    @Test
    void garbageTokenIs401() throws Exception {
        assertResponded(send(new byte[] {0x60, 0x01, 0x00}), 401);
    }

    /** Found by SpnegoAuthenticatorFuzzTest: the JDK's SPNEGO acceptor threw a NullPointerException (503, not 401). */
    @Test
    void negTokenInitWithoutMechanismsIs401() throws Exception {
        // RFC 4178 section 4.2.1: NegTokenInit ::= SEQUENCE { mechTypes [0] MechTypeList, ... }, here an empty SEQUENCE
        byte[] token = {0x60, 0x0c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, (byte) 0xa0, 0x02, 0x30, 0x00};

        assertResponded(send(token), 401);
        assertTrue(logged("SPNEGO token refused"), RUNNER.logger().entries().toString());
    }

    /** A token kept and replayed later: refused on the age of its authenticator (KRB_AP_ERR_SKEW). */
    @Test
    void tokenKeptPastItsTicketIs401() throws Exception {
        byte[] token = KerberosRealm.spnegoToken(aliceKeytab, "alice", SERVICE);
        Thread.sleep((TICKET_SECONDS + 2) * 1000);

        assertResponded(send(token), 401);
        assertTrue(logged("SPNEGO token refused") && logged("Clock skew"), RUNNER.logger().entries().toString());
    }

    private static PlatformOutcome inSoap(String envelope) throws Exception {
        return RUNNER.run(step, TestMessage.request("POST", "/soap").header("Content-Type", "application/soap+xml").body(envelope).build(),
                SOAP_KERBEROS);
    }

    private static void assertSoapRefused(String envelope, String reasonPart) throws Exception {
        int before = RUNNER.logger().entries().size();
        assertResponded(inSoap(envelope), 401);
        var logged = RUNNER.logger().entries().subList(before, RUNNER.logger().entries().size());
        assertTrue(logged.stream().anyMatch(e -> e.message().contains(reasonPart)), "expected '" + reasonPart + "' in " + logged);
    }

    @Test
    void aKerberosTokenInTheSoapSecurityHeaderAuthenticatesTheClient() throws Exception {
        PlatformOutcome soap11 = inSoap(SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.GSS_KERBEROS,
                KerberosRealm.kerberosToken(aliceKeytab, "alice", SERVICE)));
        PlatformOutcome soap12 = inSoap(SoapTokens.kerberos(SoapTokens.SOAP12, SoapTokens.GSS_KERBEROS,
                KerberosRealm.spnegoToken(aliceKeytab, "alice", SERVICE)));

        assertEquals("alice", soap11.identity().orElseThrow().principal());
        assertEquals(List.of("alice@EXAMPLE.COM"), soap12.identity().orElseThrow().claim("kerberos-principal"));
        assertTrue(soap11.consumed().isEmpty(), "the body is not edited: " + soap11.consumed());
    }

    @Test
    void aSoapTokenForAnotherServiceGarbledOrReplayedIsRefused() throws Exception {
        byte[] garbled = KerberosRealm.kerberosToken(aliceKeytab, "alice", SERVICE);
        garbled[garbled.length - 20] ^= 0x55; // inside the encrypted authenticator

        assertSoapRefused(SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.GSS_KERBEROS,
                KerberosRealm.kerberosToken(aliceKeytab, "alice", "HTTP/other")), "SPNEGO token refused");
        assertSoapRefused(SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.GSS_KERBEROS, garbled), "SPNEGO token refused");
        // made just before it is sent: the realm tolerates 1 s of clock skew, and the authenticator's age is measured with it
        String envelope = SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.GSS_KERBEROS, KerberosRealm.kerberosToken(aliceKeytab, "alice", SERVICE));
        PlatformOutcome first = inSoap(envelope);
        assertEquals("alice", first.identity().map(i -> i.principal()).orElse(null), RUNNER.logger().entries().toString());
        assertSoapRefused(envelope, "replay");
    }

    @Test
    void soapTokensThatDoNotReadAreRefusedWithWhere() throws Exception {
        byte[] token = KerberosRealm.kerberosToken(aliceKeytab, "alice", SERVICE);
        String good = SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.GSS_KERBEROS, token);

        assertSoapRefused(SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.BARE_KERBEROS, token), "a bare Kerberosv5_AP_REQ is not read");
        assertSoapRefused(good.replaceFirst("(ValueType=\"[^\"]*\"[^>]*>)YII", "$1%II"), "not base64");
        assertSoapRefused(good.replace("</s:Header>", "<wsse:Security/></s:Header>"), "2 Security elements in Header");
        assertSoapRefused(good.replace("<wsse:BinarySecurityToken", "<wsse:BinarySecurityToken wsu:Id=\"again\" ValueType=\""
                + SoapTokens.GSS_KERBEROS + "\">AAAA</wsse:BinarySecurityToken><wsse:BinarySecurityToken"), "2 BinarySecurityToken elements");
    }

    /**
     * A SPNEGO token preferring NTLM with Kerberos second: the acceptor answers with a continuation
     * asking for Kerberos (RFC 4178 section 5 d), a second leg; the element keeps no context between
     * messages, so it is refused (README "What it does not do").
     */
    @Test
    void aSoapTokenThatAsksForAnotherRoundTripIsRefused() throws Exception {
        byte[] ntlm = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
        byte[] kerberos = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
        byte[] mechTypes = der(0xa0, der(0x30, concat(ntlm, kerberos)));
        byte[] mechToken = der(0xa2, der(0x04, "NTLMSSP\0\1\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] spnego = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
        byte[] token = der(0x60, concat(spnego, der(0xa0, der(0x30, concat(mechTypes, mechToken)))));

        assertSoapRefused(SoapTokens.kerberos(SoapTokens.SOAP11, SoapTokens.GSS_KERBEROS, token), "another round trip");
    }

    /** A DER element with a short length (all these are under 128 bytes). */
    private static byte[] der(int tag, byte[] content) {
        return concat(new byte[] {(byte) tag, (byte) content.length}, content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void keytabWithoutTheServicePrincipalIsAConfigurationError() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> METHODS.start("kerberos",
                Map.of("keytab", aliceKeytab.toString(), "service-principal", SERVICE + "@" + KerberosRealm.REALM), Authenticator.class));
        assertInstanceOf(IllegalArgumentException.class, e.getCause(), String.valueOf(e));
    }
}
