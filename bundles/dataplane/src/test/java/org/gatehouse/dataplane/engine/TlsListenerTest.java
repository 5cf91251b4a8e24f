package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.TestEchoServer;
import org.gatehouse.dataplane.testing.TestUpstream;
import org.gatehouse.test.support.pki.TlsFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** https listeners (TLS + ALPN, client certificates, both providers) and TLS-terminated tcp. */
class TlsListenerTest {
    @TempDir
    Path conf;

    private TlsFolder pki;
    private TestUpstream upstream;
    private DataPlaneHarness plane;

    @BeforeEach
    void setUp() throws Exception {
        pki = TlsFolder.writeTo(conf.resolve("tls"), "test-client");
        upstream = new TestUpstream("a");
        plane = new DataPlaneHarness(conf);
    }

    @AfterEach
    void tearDown() {
        plane.close();
        upstream.close();
    }

    private void start(String clientAuth, String provider) throws Exception {
        plane.start("  <listener name=\"secure\" protocol=\"https\" port=\"0\">\n"
                + "    <tls certificate=\"tls/server.pem\" private-key=\"tls/server-key.pem\" client-auth=\"" + clientAuth + "\""
                + (clientAuth.equals("none") ? "" : " trusted-client-cas=\"tls/ca.pem\"") + " provider=\"" + provider + "\"/>\n"
                + "  </listener>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + upstream.port() + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"web\"/>\n");
    }

    private HttpResponse<String> get(SSLContext tls, HttpClient.Version version, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + plane.address("secure").getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void alpnChoosesH2OrHttp11WithEitherProvider(String provider) throws Exception {
        if (provider.equals("openssl")) {
            assertTrue(OpenSsl.isAvailable(), "netty-tcnative is on the test class path: " + OpenSsl.unavailabilityCause());
        }
        start("none", provider);
        HttpResponse<String> h2 = get(pki.clientContext(false), HttpClient.Version.HTTP_2, "/h2");
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        assertEquals("a GET /h2 0", h2.body());
        HttpResponse<String> h1 = get(pki.clientContext(false), HttpClient.Version.HTTP_1_1, "/h1");
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
        assertEquals("a GET /h1 0", h1.body());
        assertEquals("https", upstream.seen().get(0).header("X-Forwarded-Proto"));
        assertEquals("2.0 edge-test", upstream.seen().get(0).header("Via"));
    }

    @Test
    void requiredClientCertificateRefusesClientsWithoutOne() throws Exception {
        start("require", "auto");
        assertThrows(IOException.class, () -> get(pki.clientContext(false), HttpClient.Version.HTTP_2, "/denied"));
        HttpResponse<String> allowed = get(pki.clientContext(true), HttpClient.Version.HTTP_2, "/allowed");
        assertEquals(200, allowed.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, allowed.version());
        assertEquals(1, upstream.seen().size(), "only the client with a certificate got through");
        assertEquals("/allowed", upstream.seen().get(0).path());
    }

    @Test
    void optionalClientCertificateLetsBothIn() throws Exception {
        start("optional", "jdk");
        assertEquals(200, get(pki.clientContext(false), HttpClient.Version.HTTP_2, "/anonymous").statusCode());
        assertEquals(200, get(pki.clientContext(true), HttpClient.Version.HTTP_2, "/with-cert").statusCode());
    }

    @Test
    void tcpListenerTerminatesTlsAndRelaysPlainBytes() throws Exception {
        try (TestEchoServer echo = new TestEchoServer("echo")) {
            plane.start("  <listener name=\"db\" protocol=\"tcp\" port=\"0\" pool=\"echo\">\n"
                    + "    <tls certificate=\"tls/server.pem\" private-key=\"tls/server-key.pem\"/>\n  </listener>\n"
                    + "  <pool name=\"echo\"><member address=\"127.0.0.1\" port=\"" + echo.port() + "\"/></pool>\n");
            try (SSLSocket socket = (SSLSocket) pki.clientContext(false).getSocketFactory()
                    .createSocket("127.0.0.1", plane.address("db").getPort())) {
                socket.setSoTimeout(10000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("ping over tls".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] expected = "echo>ping over tls".getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(expected, in.readNBytes(expected.length));
            }
        }
    }
}
