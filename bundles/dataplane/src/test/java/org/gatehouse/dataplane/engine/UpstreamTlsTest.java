package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gatehouse.dataplane.testing.Await;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LogCapture;
import org.gatehouse.dataplane.testing.TlsTestUpstream;
import org.gatehouse.dataplane.tls.UpstreamTls;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pools whose members speak TLS, against real TLS servers on loopback with certificates made
 * here: each refusal (untrusted CA, wrong name, missing client certificate) next to the setting
 * that makes the same upstream answer, SNI and ALPN as the upstream saw them, session resumption,
 * the tcp relay and health checks over TLS.
 */
class UpstreamTlsTest {
    @TempDir
    Path conf;

    private Authority ca;
    private Authority rogueCa;
    private DataPlaneHarness plane;
    private TlsTestUpstream upstream;
    private LogCapture log;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        ca = TestPki.authority("CN=Upstream Test CA");
        rogueCa = TestPki.authority("CN=Rogue Test CA");
        TestPki.pem(conf.resolve("tls/upstream-ca.pem"), ca.certificate());
        TestPki.pem(conf.resolve("tls/rogue-ca.pem"), rogueCa.certificate());
        Issued element = ca.client("CN=gatehouse-element");
        TestPki.pem(conf.resolve("tls/element.pem"), element.certificate());
        TestPki.pem(conf.resolve("tls/element-key.pem"), element.privateKey());
        plane = new DataPlaneHarness(conf);
        log = new LogCapture("org.gatehouse.dataplane.upstream");
    }

    @AfterEach
    void tearDown() {
        log.close();
        plane.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    /** An http listener {@code public}, a pool {@code secure} of one TLS member, a route {@code api} to it. */
    private static String pool(String tlsAttributes, String memberAddress, int port, String memberAttributes) {
        return "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"secure\" connect-timeout=\"5s\">\n"
                + "    <tls trusted-cas=\"tls/upstream-ca.pem\"" + tlsAttributes + "/>\n"
                + "    <member address=\"" + memberAddress + "\" port=\"" + port + "\"" + memberAttributes + "/>\n"
                + "  </pool>\n"
                + "  <route name=\"api\" pool=\"secure\"/>\n";
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(plane.uri("public", path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> response, String code) {
        assertEquals(502, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"" + code + "\""), response.body());
        assertFalse(response.body().contains("CN="), "no certificate subject for the client: " + response.body());
        assertFalse(response.body().contains(String.valueOf(upstream.port())), "no member address for the client: " + response.body());
    }

    private long outcomes(String code) {
        return plane.engine().upstreamOutcomes().getOrDefault("api", Map.of()).getOrDefault(code, 0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void httpsUpstreamAnswersWithSniAndAlpnHttp11(String provider) throws Exception {
        if (provider.equals("openssl")) {
            assertTrue(OpenSsl.isAvailable(), "netty-tcnative is on the test class path: " + OpenSsl.unavailabilityCause());
        }
        upstream = new TlsTestUpstream(ca.server("CN=localhost"), null, false);
        plane.start(pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), ""));
        assertEquals(provider, plane.engine().pool("secure").tls().provider());

        HttpResponse<String> response = get("/hello");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("tls /hello sni=localhost client=none", response.body());
        TlsTestUpstream.Seen seen = upstream.seen().get(0);
        assertEquals("http/1.1", seen.alpn(), "ALPN offers http/1.1 only: the element speaks HTTP/1.1 upstream");
        assertEquals("TLSv1.3", seen.protocol());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void certificateFromAnotherCaIsRefusedAndTheSameServerWithATrustedOneAnswers(String provider) throws Exception {
        upstream = new TlsTestUpstream(rogueCa.server("CN=localhost"), null, false);
        plane.start(pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), ""));

        assertRefused(get("/untrusted"), "upstream_tls_untrusted");
        assertEquals(0, upstream.seen().size(), "nothing of the request reached the upstream");
        assertEquals(1, outcomes("upstream_tls_untrusted"), "counted in the route's outcomes (metrics)");
        assertTrue(log.contains("localhost:" + upstream.port()) && log.contains("CN=localhost") && log.contains("Rogue Test CA"),
                "the log names the member, the subject and the issuer: " + log.lines());

        // the other side: the same kind of certificate, from the trusted CA
        upstream.close();
        upstream = new TlsTestUpstream(ca.server("CN=localhost"), null, false);
        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf)
                .load(plane.write(pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), ""))));
        assertEquals(200, get("/trusted").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void certificateForAnotherNameIsRefusedUnlessThatNameIsConfigured(String provider) throws Exception {
        upstream = new TlsTestUpstream(ca.server("CN=api.internal.test", "api.internal.test"), null, false);
        plane.start(pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), ""));

        assertRefused(get("/wrong-name"), "upstream_tls_name_mismatch");
        assertEquals(0, upstream.seen().size());
        assertTrue(log.contains("CN=api.internal.test") && log.contains("expected name localhost"), log.lines().toString());

        // the member's server-name: connect to localhost, expect and ask for api.internal.test
        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf).load(plane.write(
                pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), " server-name=\"api.internal.test\""))));
        HttpResponse<String> named = get("/right-name");
        assertEquals(200, named.statusCode(), named.body());
        assertEquals("api.internal.test", upstream.seen().get(0).sni(), "SNI is the configured name");

        // the pool's server-name, for every member
        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf).load(plane.write(
                pool(" provider=\"" + provider + "\" server-name=\"api.internal.test\"", "localhost", upstream.port(), ""))));
        assertEquals(200, get("/pool-name").statusCode());
        // and a member's own name wins over the pool's
        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf).load(plane.write(
                pool(" provider=\"" + provider + "\" server-name=\"api.internal.test\"", "localhost", upstream.port(),
                        " server-name=\"other.internal.test\""))));
        assertRefused(get("/member-name"), "upstream_tls_name_mismatch");
    }

    @Test
    void anIpAddressIsCheckedAgainstTheCertificateAndSentAsNoSni() throws Exception {
        upstream = new TlsTestUpstream(ca.server("CN=localhost"), null, false); // names 127.0.0.1 too
        plane.start(pool("", "127.0.0.1", upstream.port(), ""));
        HttpResponse<String> response = get("/by-address");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("none", upstream.seen().get(0).sni(), "no SNI for an IP literal (RFC 6066 section 3)");

        upstream.close();
        upstream = new TlsTestUpstream(ca.server("CN=api.internal.test", "api.internal.test"), null, false);
        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf).load(plane.write(
                pool("", "127.0.0.1", upstream.port(), ""))));
        assertRefused(get("/address-not-named"), "upstream_tls_name_mismatch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void upstreamRequiringAClientCertificateGetsTheConfiguredOneAndRefusesWithoutIt(String provider) throws Exception {
        upstream = new TlsTestUpstream(ca.server("CN=localhost"), ca.certificate(), false);
        plane.start(pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), ""));

        assertRefused(get("/no-client-certificate"), "upstream_tls_handshake");
        assertEquals(0, upstream.seen().size());
        Await.until(Duration.ofSeconds(10), "the upstream refused a handshake", () -> upstream.failedHandshakes() >= 1);

        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf).load(plane.write(
                pool(" provider=\"" + provider + "\" certificate=\"tls/element.pem\" private-key=\"tls/element-key.pem\"",
                        "localhost", upstream.port(), ""))));
        HttpResponse<String> response = get("/mutual");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("CN=gatehouse-element", upstream.seen().get(0).clientSubject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void laterConnectionsResumeTheSession(String provider) throws Exception {
        upstream = new TlsTestUpstream(ca.server("CN=localhost"), null, false); // closes every connection after its answer
        plane.start(pool(" provider=\"" + provider + "\"", "localhost", upstream.port(), ""));
        UpstreamTls tls = plane.engine().pool("secure").tls();

        assertEquals(200, get("/first").statusCode());
        assertEquals(1, tls.handshakes());
        assertEquals(0, tls.resumedHandshakes(), "the first connection checks the certificate");
        assertEquals(200, get("/second").statusCode());
        assertEquals(200, get("/third").statusCode());

        assertEquals(3, upstream.handshakes(), "three connections, each with its handshake");
        assertEquals(3, tls.handshakes());
        assertEquals(2, tls.resumedHandshakes(), "the later two resumed: no certificate was presented again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void tcpRelayOriginatesTlsToItsMember(String provider) throws Exception {
        upstream = new TlsTestUpstream(ca.server("CN=localhost"), null, true);
        plane.start("  <listener name=\"db\" protocol=\"tcp\" port=\"0\" pool=\"secure\"/>\n"
                + "  <pool name=\"secure\"><tls trusted-cas=\"tls/upstream-ca.pem\" provider=\"" + provider + "\"/>"
                + "<member address=\"localhost\" port=\"" + upstream.port() + "\"/></pool>\n");
        assertArrayEquals("echo>ping over tls".getBytes(StandardCharsets.US_ASCII), relay("ping over tls", 18));
        assertEquals(1, upstream.handshakes());

        // the other side: a member whose certificate is not trusted gets no byte
        upstream.close();
        upstream = new TlsTestUpstream(rogueCa.server("CN=localhost"), null, true);
        plane.engine().apply(new org.gatehouse.dataplane.config.ElementConfigLoader(conf).load(plane.write(
                "  <listener name=\"db\" protocol=\"tcp\" port=\"0\" pool=\"secure\"/>\n"
                + "  <pool name=\"secure\"><tls trusted-cas=\"tls/upstream-ca.pem\" provider=\"" + provider + "\"/>"
                + "<member address=\"localhost\" port=\"" + upstream.port() + "\"/></pool>\n")));
        assertArrayEquals(new byte[0], relay("secret", 1), "the element closed the client's connection");
        assertEquals(0, upstream.handshakes());
        assertTrue(log.contains("upstream_tls_untrusted") && log.contains("CN=localhost"), log.lines().toString());
    }

    private byte[] relay(String message, int expected) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", plane.address("db").getPort())) {
            socket.setSoTimeout(20000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(message.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readNBytes(expected);
        } catch (java.net.SocketException reset) {
            return new byte[0]; // closed under the write: nothing came back either
        }
    }

    @Test
    void healthChecksUseTlsAndTakeAnUntrustedMemberOut() throws Exception {
        TlsTestUpstream trusted = new TlsTestUpstream(ca.server("CN=localhost"), null, false);
        upstream = new TlsTestUpstream(rogueCa.server("CN=localhost"), null, false);
        try (trusted) {
            plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <pool name=\"secure\"><tls trusted-cas=\"tls/upstream-ca.pem\"/>\n"
                    + "    <member address=\"localhost\" port=\"" + trusted.port() + "\"/>\n"
                    + "    <member address=\"localhost\" port=\"" + upstream.port() + "\"/>\n"
                    + "    <health-check path=\"/health\" interval=\"200ms\" timeout=\"5s\" unhealthy-after=\"1\"/>\n"
                    + "  </pool>\n  <route name=\"api\" pool=\"secure\"/>\n");
            Map<String, Boolean> expected = Map.of("localhost:" + trusted.port(), true, "localhost:" + upstream.port(), false);
            // members start healthy: the trusted one must also have answered a probe, over TLS
            Await.until(Duration.ofSeconds(20), "the untrusted member is down, the trusted one probed and up",
                    () -> expected.equals(plane.engine().memberHealth().get("secure"))
                            && trusted.seen().stream().anyMatch(s -> s.path().equals("/health")));
            assertEquals(0, upstream.seen().size(), "the untrusted member got no probe request");
            for (int i = 0; i < 3; i++) {
                assertEquals(200, get("/only-trusted").statusCode());
            }
        }
    }
}
