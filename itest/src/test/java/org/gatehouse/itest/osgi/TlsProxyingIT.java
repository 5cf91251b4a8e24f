package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.gatehouse.itest.support.Distribution;
import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.LoopbackUpstream;
import org.gatehouse.itest.support.RecordedLog;
import org.gatehouse.itest.support.TestClients;
import org.gatehouse.test.support.pki.TlsFolder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * TLS listeners in a real framework, with certificates made by Bouncy Castle before the framework
 * starts: ALPN picks h2 or http/1.1, and client authentication is enforced both ways (a listener
 * that requires a certificate refuses a client without one or with one from an unknown CA, and
 * serves a client with a certificate from the trusted CA; an optional one serves both).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsProxyingIT extends GatehouseFrameworkTestBase {

    private static LoopbackUpstream upstream;

    @Configuration
    public Option[] configuration() {
        upstream = LoopbackUpstream.start("blue");
        Path conf = newConfDir();
        TlsFolder.writeTo(conf, "itest-client");
        ElementXml element = new ElementXml()
                .httpsListener("tls", 0, "none")
                .httpsListener("tls-require", 0, "require")
                .httpsListener("tls-optional", 0, "optional")
                .httpsListener("tls-jdk", 0, "require", "jdk");
        if (shipsOpenSsl()) {
            // OpenSSL comes from netty-tcnative's native fragment, which must load inside the framework
            element.httpsListener("tls-openssl", 0, "require", "openssl");
        }
        element.pool("blue", "10s", upstream.port()).route("app", "/", "blue").writeTo(conf);
        return gatehouseFramework(conf, Map.of());
    }

    /** provider="openssl" makes the data plane refuse to start when netty-tcnative is not shipped. */
    private static boolean shipsOpenSsl() {
        return Distribution.located().shipsJar("netty-tcnative");
    }

    private URI element(String listener, String path) {
        // "localhost" so that the client's host name check runs against the certificate's DNS name
        return URI.create("https://localhost:" + listenerPort(listener) + path);
    }

    private HttpResponse<String> send(String listener, String clientStore, HttpClient.Version version, String path)
            throws IOException, InterruptedException {
        return get(TestClients.tls(confDir(), clientStore, version), element(listener, path));
    }

    @Test
    public void alpnNegotiatesHttp2() throws Exception {
        HttpResponse<String> response = send("tls", null, HttpClient.Version.HTTP_2, "/alpn/h2");

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals("ALPN h2", HttpClient.Version.HTTP_2, response.version());
        assertTrue(response.body(), response.body().contains("path=/alpn/h2\n"));
        assertTrue("X-Forwarded-Proto is https: " + response.body(), response.body().contains("x-forwarded-proto=https\n"));
    }

    @Test
    public void alpnFallsBackToHttp11() throws Exception {
        HttpResponse<String> response = send("tls", null, HttpClient.Version.HTTP_1_1, "/alpn/http11");

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertEquals("blue", response.headers().firstValue("x-upstream").orElse(""));
    }

    @Test
    public void requiredClientCertificatePresentedIsServed() throws Exception {
        HttpResponse<String> response = send("tls-require", TlsFolder.CLIENT_STORE, HttpClient.Version.HTTP_2, "/mtls");

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertTrue(response.body(), response.body().contains("path=/mtls\n"));
    }

    @Test
    public void requiredClientCertificateMissingIsRefused() {
        assertRefused("tls-require", null);
    }

    @Test
    public void requiredClientCertificateFromUnknownCaIsRefused() {
        assertRefused("tls-require", TlsFolder.ROGUE_CLIENT_STORE);
    }

    @Test
    public void optionalClientCertificateMayBeAbsent() throws Exception {
        HttpResponse<String> response = send("tls-optional", null, HttpClient.Version.HTTP_1_1, "/optional/none");

        assertEquals(response.body(), 200, response.statusCode());
    }

    @Test
    public void optionalClientCertificatePresentedIsServed() throws Exception {
        HttpResponse<String> response = send("tls-optional", TlsFolder.CLIENT_STORE, HttpClient.Version.HTTP_2, "/optional/cert");

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
    }

    @Test
    public void optionalClientCertificateFromUnknownCaIsRefused() {
        // "optional" means a client may send none, not that a certificate nobody vouches for is accepted
        assertRefused("tls-optional", TlsFolder.ROGUE_CLIENT_STORE);
    }

    @Test
    public void openSslEngineEnforcesClientCertificatesOrIsRefusedWhenNotShipped() throws Exception {
        // no Assume here: Pax Exam reports an assumption failure inside the framework as a pass
        if (shipsOpenSsl()) {
            assertClientCertificateEnforced("tls-openssl");
            return;
        }
        Path elementXml = confDir().resolve(ElementXml.FILE_NAME);
        String running = Files.readString(elementXml);
        long generation = dataPlane().generation();
        try (RecordedLog log = RecordedLog.start()) {
            ElementXml.replaceAtomically(elementXml, running.replace("provider=\"jdk\"", "provider=\"openssl\""));

            log.await(Pattern.compile("OpenSSL is not available"), PATIENCE);
            assertEquals("a listener that cannot have its TLS engine is not applied", generation, dataPlane().generation());
        } finally {
            ElementXml.replaceAtomically(elementXml, running);
        }
        assertEquals(200, send("tls-jdk", TlsFolder.CLIENT_STORE, HttpClient.Version.HTTP_2, "/still-serving").statusCode());
    }

    @Test
    public void jdkEngineEnforcesClientCertificates() throws Exception {
        assertClientCertificateEnforced("tls-jdk");
    }

    private void assertClientCertificateEnforced(String listener) throws Exception {
        HttpResponse<String> response = send(listener, TlsFolder.CLIENT_STORE, HttpClient.Version.HTTP_2, "/engine");
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertRefused(listener, null);
        assertRefused(listener, TlsFolder.ROGUE_CLIENT_STORE);
    }

    private void assertRefused(String listener, String clientStore) {
        // A raw TLS client, not HttpClient: with TLS 1.3 the client finishes its handshake before
        // the server has checked the client certificate, so the refusal is an alert or a close seen
        // on the first read, and HttpClient can miss that close and wait out its own timeout. What
        // counts is the server: it must send no application data, and it must not leave the
        // connection hanging.
        String who = clientStore == null ? "no certificate" : clientStore;
        for (String alpn : new String[] {"h2", "http/1.1"}) {
            SSLSocketFactory factory = TestClients.sslContext(confDir(), clientStore).getSocketFactory();
            try (SSLSocket socket = (SSLSocket) factory.createSocket("localhost", listenerPort(listener))) {
                socket.setSoTimeout((int) PATIENCE.toMillis());
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {alpn});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                socket.getOutputStream().write("GET /refused HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                int first = socket.getInputStream().read();
                assertEquals(listener + " sent application data over " + alpn + " to a client with " + who, -1, first);
            } catch (SocketTimeoutException hanging) {
                fail(listener + " neither answered nor refused a client with " + who + " over " + alpn
                        + " within " + PATIENCE + ": the connection was left hanging");
            } catch (IOException expected) {
                // refused during or right after the handshake (an alert, or the connection closed)
            }
        }
    }
}
