package org.gatehouse.itest.auth;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.itest.lifecycle.CountingUpstream;
import org.gatehouse.itest.lifecycle.LifecycleElement;
import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.FreePort;
import org.gatehouse.itest.support.TestClients;
import org.gatehouse.test.support.pki.TlsFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * X.509 client certificates in the real element: an https listener with client authentication
 * optional (certificates made by {@link TlsFolder} with Bouncy Castle), a message type whose
 * credentials are the TLS peer's chain, and the built-in {@code x509} authenticator validating it
 * to the test CA. A second message type trusts only another CA: the same certificate, accepted by
 * the listener, is refused by that authenticator. Without a certificate the element challenges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCertificateIT {
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- the default 2s is short for a first call on a machine whose cores other test JVMs share -->
              <settings step-timeout="10s"/>
              <authenticator name="corp-pki" bladelet="x509">
                <param name="trust-anchors" value="%s"/>
                <param name="realm" value="corp"/>
              </authenticator>
              <authenticator name="partner-pki" bladelet="x509">
                <param name="trust-anchors" value="%s"/>
                <param name="realm" value="partners"/>
              </authenticator>
              <message-type name="internal" flow="internal-flow">
                <match listener="secure" path-prefix="/internal"/>
                <credentials><client-certificate/></credentials>
              </message-type>
              <message-type name="partner" flow="partner-flow">
                <match listener="secure" path-prefix="/partner"/>
                <credentials><client-certificate/></credentials>
              </message-type>
              <flow name="internal-flow">
                <step bladelet="authenticate"><param name="method" value="corp-pki"/><param name="realm" value="corp"/></step>
                <step bladelet="identity-assertion"/>
              </flow>
              <flow name="partner-flow">
                <step bladelet="authenticate"><param name="method" value="partner-pki"/><param name="realm" value="partners"/></step>
                <step bladelet="identity-assertion"/>
              </flow>
            </flows>
            """;

    private CountingUpstream upstream;
    private LifecycleElement element;
    private ElementTraffic withCertificate;
    private ElementTraffic withoutCertificate;
    private ElementTraffic withRogueCertificate;

    @BeforeAll
    void start() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        Path conf = element.gatehouse.confDir();
        TlsFolder.writeTo(conf, "itest-client");
        // an unrelated PKI: its CA is the only one the partner authenticator trusts
        Path partnerPki = Files.createDirectories(element.gatehouse.home().resolve("partner-pki"));
        TlsFolder.writeTo(partnerPki, "itest-client");
        int httpsPort = FreePort.find();
        new ElementXml().listener("public", "http", element.listenerPort).httpsListener("secure", httpsPort, "optional")
                .pool("app", "10s", upstream.port()).route("all", "/", "app").writeTo(conf);
        element.start();
        String base = "https://localhost:" + httpsPort;
        withCertificate = new ElementTraffic(TestClients.tls(conf, TlsFolder.CLIENT_STORE, HttpClient.Version.HTTP_1_1), base, upstream);
        withoutCertificate = new ElementTraffic(TestClients.tls(conf, null, HttpClient.Version.HTTP_1_1), base, upstream);
        withRogueCertificate = new ElementTraffic(TestClients.tls(conf, TlsFolder.ROGUE_CLIENT_STORE, HttpClient.Version.HTTP_1_1),
                base, upstream);
        HttpResponse<String> replaced = element.api.putXml("flows",
                FLOWS.formatted(conf.resolve(TlsFolder.CA_PEM), partnerPki.resolve(TlsFolder.CA_PEM)), ADMIN);
        element.api.done(replaced);
    }

    @AfterAll
    void stop() {
        element.close();
        upstream.close();
    }

    @Test
    void certificateFromTheTrustedCaReachesTheUpstreamAsItsSubject() {
        withCertificate.forwarded("/internal/report", "X-Authenticated-User", "root");
        assertEquals("itest-client", upstream.lastHeader("x-authenticated-user"));
    }

    @Test
    void noCertificateIsChallenged() {
        HttpResponse<String> response = withoutCertificate.refused(401, "/internal/report");
        assertEquals("ClientCertificate realm=\"corp\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void certificateTheAuthenticatorDoesNotTrustIs401() {
        HttpResponse<String> response = withCertificate.refused(401, "/partner/orders");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("ClientCertificate realm=\"partners\""),
                response.headers().map().toString());
    }

    @Test
    void certificateOfAnUnknownCaIsRefusedAtTheHandshake() {
        long before = upstream.requests();
        assertThrows(UncheckedIOException.class, () -> withRogueCertificate.get("/internal/report"));
        assertEquals(before, upstream.requests());
    }
}
