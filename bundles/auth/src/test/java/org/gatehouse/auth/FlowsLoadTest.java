package org.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.step.AuthorizeStepFactory;
import org.gatehouse.auth.step.IdentityAssertionStepFactory;
import org.gatehouse.auth.testing.KerberosRealm;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.gatehouse.flow.engine.internal.engine.FlowEngine;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This bundle's methods and steps in the real flow engine, as the element checks a flows document
 * (validated, put in force, or read at start): every built-in method and step is built once on
 * trial, so a keytab that is missing or lacks the service principal, a CA file or key set that
 * does not read, a signing key that is not there, is an error naming the file, the method and the
 * element's {@code [line:col]}; the same documents with good files are valid. And a method whose
 * wait for its server does not fit three quarters of a step's deadline is an error naming both.
 */
class FlowsLoadTest {
    private static final String SERVICE = "HTTP/localhost";

    @TempDir
    static Path folder;
    private static KerberosRealm realm;
    private static Path serviceKeytab;
    private static Path otherKeytab;
    private static Path caFile;
    private static FlowEngine engine;

    @BeforeAll
    static void start() throws Exception {
        realm = new KerberosRealm(Files.createDirectories(folder.resolve("kdc")), 60, 1);
        serviceKeytab = realm.keytab(SERVICE);
        otherKeytab = realm.keytab("HTTP/other");
        Authority ca = TestPki.authority("CN=Load Test CA");
        caFile = TestPki.pem(folder.resolve("ca.pem"), ca.certificate());
        engine = new FlowEngine(Files.createDirectories(folder.resolve("conf")), Clock.systemUTC());
        engine.registry().add(new BladeletProvider("org.gatehouse.auth", "1.0.0", false,
                new BladeletDescriptorReader().read(Path.of(FlowsLoadTest.class.getResource("/OSGI-INF/gatehouse/bladelets.xml").toURI())),
                FlowsLoadTest.class.getClassLoader(), folder.resolve("data"), 1, Clock.systemUTC()));
        for (var factory : List.of(new AuthenticateStepFactory(), new AuthorizeStepFactory(), new IdentityAssertionStepFactory())) {
            engine.registry().addStep(new PlatformStepSource(factory, folder.resolve("data"), Clock.systemUTC()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        realm.close();
    }

    /** A document with settings (line 3), one method (line 4) and a flow whose first step (line 7) uses it. */
    private static byte[] flows(String method, String settings, String steps) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<flows xmlns=\"urn:gatehouse:flows:1\">\n"
                + settings + "\n"
                + method + "\n"
                + "  <message-type name=\"orders\" flow=\"f\"><match path-prefix=\"/orders\"/></message-type>\n"
                + "  <flow name=\"f\">\n"
                + steps + "\n"
                + "  </flow>\n</flows>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String kerberos(Path keytab) {
        return "  <authenticator name=\"corp-kerberos\" bladelet=\"kerberos\"><param name=\"keytab\" value=\"" + keytab
                + "\"/><param name=\"service-principal\" value=\"" + SERVICE + "@" + KerberosRealm.REALM + "\"/></authenticator>";
    }

    private static final String AUTHENTICATE_KERBEROS = "    <step bladelet=\"authenticate\"><param name=\"method\" value=\"corp-kerberos\"/></step>";

    private static List<String> errors(byte[] document) {
        FlowValidation validation = engine.validate("my-flows.xml", document);
        return validation.errors();
    }

    @Test
    void aMissingKeytabIsRefusedNamingTheFileTheMethodAndWhere() {
        Path missing = folder.resolve("nowhere.keytab");
        byte[] document = flows(kerberos(missing), "", AUTHENTICATE_KERBEROS);
        assertEquals(List.of("my-flows.xml [4:59] /flows/authenticator[1]: authenticator 'corp-kerberos' (bladelet kerberos): parameter 'keytab': "
                + missing + " is not a readable file"), errors(document));
        FlowConfigurationException refused = assertThrows(FlowConfigurationException.class, () -> engine.replace("flows.xml", document));
        assertTrue(refused.errors().get(0).contains("nowhere.keytab"), refused.errors().toString());
        assertEquals(0, engine.current().generation(), "nothing was put in force");
    }

    @Test
    void aKeytabWithoutTheServicePrincipalIsRefused() {
        assertEquals(List.of("my-flows.xml [4:59] /flows/authenticator[1]: authenticator 'corp-kerberos' (bladelet kerberos): parameter 'keytab': "
                + otherKeytab + " holds no key for " + SERVICE + "@" + KerberosRealm.REALM), errors(flows(kerberos(otherKeytab), "", AUTHENTICATE_KERBEROS)));
    }

    @Test
    void theServicesOwnKeytabIsValid() {
        assertEquals(List.of(), errors(flows(kerberos(serviceKeytab), "", AUTHENTICATE_KERBEROS)));
    }

    @Test
    void caFilesAndKeySetsThatDoNotReadAreRefusedAndGoodOnesPass() throws Exception {
        Path garbage = Files.writeString(folder.resolve("garbage.pem"), "not a certificate\n");
        String x509 = "  <authenticator name=\"certs\" bladelet=\"x509\"><param name=\"trust-anchors\" value=\"%s\"/></authenticator>";
        String step = "    <step bladelet=\"authenticate\"><param name=\"method\" value=\"certs\"/></step>";
        List<String> refused = errors(flows(x509.formatted(garbage), "", step));
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("my-flows.xml [4:47] /flows/authenticator[1]: authenticator 'certs' (bladelet x509): parameter "
                + "'trust-anchors': "), refused.get(0));
        assertTrue(refused.get(0).contains(garbage.toString()), refused.get(0));
        assertEquals(List.of(), errors(flows(x509.formatted(caFile), "", step)));

        String jwt = "  <authenticator name=\"login\" bladelet=\"jwt\"><param name=\"issuer\" value=\"i\"/><param name=\"audience\" value=\"a\"/>"
                + "<param name=\"jwks-file\" value=\"%s\"/></authenticator>";
        String jwtStep = "    <step bladelet=\"authenticate\"><param name=\"method\" value=\"login\"/></step>";
        List<String> badKeys = errors(flows(jwt.formatted(garbage), "", jwtStep));
        assertTrue(badKeys.size() == 1 && badKeys.get(0).contains("parameter 'jwks-file': cannot read a JWK set from " + garbage), badKeys.toString());
        Path keys = Files.writeString(folder.resolve("keys.json"), new com.nimbusds.jose.jwk.JWKSet(
                new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k").generate()).toPublicJWKSet().toString());
        assertEquals(List.of(), errors(flows(jwt.formatted(keys), "", jwtStep)));
    }

    @Test
    void aSigningKeyThatIsNotThereIsRefusedOnTheStep() {
        Path missing = folder.resolve("no-signing-key.jwk");
        List<String> refused = errors(flows(kerberos(serviceKeytab), "", AUTHENTICATE_KERBEROS
                + "\n    <step bladelet=\"identity-assertion\"><param name=\"jwt-key\" value=\"" + missing + "\"/></step>"));
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("my-flows.xml [8:41] /flows/flow[1]/step[2]: step 'f/2' (identity-assertion): "
                + "parameter 'jwt-key': cannot read " + missing), refused.get(0));
    }

    @Test
    void aDirectoryWaitThatDoesNotFitTheStepDeadlineIsRefused() {
        String ldap = "  <authenticator name=\"corp-ldap\" bladelet=\"ldap\"><param name=\"server\" value=\"127.0.0.1:1\"/>"
                + "<param name=\"user-dn-template\" value=\"uid={user},dc=example\"/>%s</authenticator>";
        String step = "    <step bladelet=\"authenticate\"><param name=\"method\" value=\"corp-ldap\"/></step>";
        // the defaults fit: 1500 ms of the 2 s step deadline
        assertEquals(List.of(), errors(flows(ldap.formatted(""), "", step)));
        String threeSeconds = ldap.formatted("<param name=\"timeout\" value=\"3s\"/>");
        assertEquals(List.of("my-flows.xml [7:35] /flows/flow[1]/step[1]: step 'f/1' has a deadline of 2000 ms, and its method "
                + "'corp-ldap' may wait up to 3000 ms for its server (its 'timeout'): an outage would be answered 504 instead of 503; "
                + "set the method's 'timeout' to at most 1500ms, or the step's timeout (or the flow's step-timeout) to at least 4000ms"),
                errors(flows(threeSeconds, "", step)));
        assertEquals(List.of(), errors(flows(threeSeconds, "  <settings step-timeout=\"4s\"/>", step)));
        assertEquals(1, errors(flows(threeSeconds, "  <settings step-timeout=\"10s\"/>",
                "    <step bladelet=\"authenticate\" timeout=\"3s\"><param name=\"method\" value=\"corp-ldap\"/></step>")).size(),
                "a step's own timeout counts");
    }

    @Test
    void aHungDirectoryIsAnOutageWithinTheDeadlineNotAStepTimeout() throws Exception {
        // accepts connections and never answers a byte
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hung.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            org.gatehouse.auth.testing.Methods methods = new org.gatehouse.auth.testing.Methods();
            org.gatehouse.auth.testing.StepRunner runner = new org.gatehouse.auth.testing.StepRunner();
            runner.authenticator("corp-ldap", methods.start("ldap", java.util.Map.of("server", "127.0.0.1:" + hung.getLocalPort(),
                    "search-base", "ou=people,dc=example,dc=com", "bind-dn", "cn=svc", "bind-password", "pw", "timeout", "300ms"),
                    org.gatehouse.sdk.auth.Authenticator.class));
            var step = runner.step(new AuthenticateStepFactory(), java.util.Map.of("method", "corp-ldap"));
            var outcome = runner.run(step, org.gatehouse.extension.testkit.TestMessage.request("GET", "/orders")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)))
                    .build());
            org.gatehouse.auth.testing.StepRunner.assertResponded(outcome, 503);
            assertTrue(runner.logger().entries().stream().anyMatch(e -> e.message().contains("did not answer within 300 ms")),
                    runner.logger().entries().toString());
            methods.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theSchemaExampleThatForwardsCredentialsIsValidAndAnotherValueIsRefusedWithItsPlace() throws Exception {
        byte[] example = Files.readAllBytes(Path.of("../../policy-schemas/src/test/resources/examples/flows/valid/credentials-forwarded.xml"));
        assertEquals(List.of(), errors(example));
        String wrong = new String(example, StandardCharsets.UTF_8).replace("name=\"forward-credential\" value=\"true\"",
                "name=\"forward-credential\" value=\"yes\"");
        List<String> refused = errors(wrong.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("my-flows.xml [21:35] /flows/flow[1]/step[1]: ") && refused.get(0).contains("forward-credential"),
                refused.get(0));
    }
}
