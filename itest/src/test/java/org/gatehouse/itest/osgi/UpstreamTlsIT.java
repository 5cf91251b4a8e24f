package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.TestClients;
import org.gatehouse.itest.support.TlsLoopbackUpstream;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Pools over TLS in the distribution's framework: a member whose certificate comes from the
 * pool's trusted CA answers (and receives the member's host as SNI); a member with a certificate
 * from another CA is refused with 502 {@code upstream_tls_untrusted}, and gets no request.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpstreamTlsIT extends GatehouseFrameworkTestBase {

    private static TlsLoopbackUpstream trusted;
    private static TlsLoopbackUpstream rogue;

    @Configuration
    public Option[] configuration() throws Exception {
        Path conf = newConfDir();
        Authority ca = TestPki.authority("CN=Upstream IT CA");
        Authority otherCa = TestPki.authority("CN=Other IT CA");
        TestPki.pem(conf.resolve("upstream-ca.pem"), ca.certificate());
        trusted = TlsLoopbackUpstream.start("trusted", ca.server("CN=localhost"), conf);
        rogue = TlsLoopbackUpstream.start("rogue", otherCa.server("CN=localhost"), conf);
        new ElementXml()
                .listener("web", "http", 0)
                .tlsPool("trusted", "upstream-ca.pem", "localhost", trusted.port())
                .tlsPool("rogue", "upstream-ca.pem", "localhost", rogue.port())
                .route("trusted", "/trusted", "trusted")
                .route("rogue", "/rogue", "rogue")
                .writeTo(conf);
        return gatehouseFramework(conf, Map.of());
    }

    private HttpResponse<String> send(String path) throws Exception {
        return get(TestClients.http1(), URI.create("http://127.0.0.1:" + listenerPort("web") + path));
    }

    @Test
    public void memberWithATrustedCertificateAnswersOverTls() throws Exception {
        HttpResponse<String> response = send("/trusted/a");

        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("upstream=trusted\n"));
        assertTrue("SNI is the member's host: " + response.body(), response.body().contains("sni=localhost\n"));
    }

    @Test
    public void memberWithACertificateOfAnotherCaIsRefused() throws Exception {
        HttpResponse<String> response = send("/rogue/a");

        assertJsonError(response, 502, "rogue");
        assertTrue(response.body(), response.body().contains("\"code\":\"upstream_tls_untrusted\""));
        assertFalse("no certificate detail for the client: " + response.body(), response.body().contains("CN="));
        assertTrue("counted in the route's outcomes",
                dataPlane().upstreamOutcomes().getOrDefault("rogue", Map.of()).getOrDefault("upstream_tls_untrusted", 0L) >= 1);
    }
}
