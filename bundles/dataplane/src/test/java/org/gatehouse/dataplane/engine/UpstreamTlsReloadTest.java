package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LogCapture;
import org.gatehouse.dataplane.testing.TlsTestUpstream;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool's TLS files across reloads of element.xml: a replaced CA applies with the next
 * configuration (a new file name, or new content under the same name with any other edit), and a
 * file that is missing, does not parse or holds a key of another certificate refuses the whole
 * change while the running configuration keeps serving.
 */
class UpstreamTlsReloadTest {
    private static final Duration MANUAL = Duration.ofHours(1);

    @TempDir
    Path conf;

    private Authority oldCa;
    private Authority newCa;
    private TlsTestUpstream upstream;
    private DataPlaneHarness files;
    private ReloadingDataPlane plane;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        oldCa = TestPki.authority("CN=Old Upstream CA");
        newCa = TestPki.authority("CN=New Upstream CA");
        TestPki.pem(conf.resolve("tls/ca.pem"), oldCa.certificate());
        upstream = new TlsTestUpstream(newCa.server("CN=localhost"), null, false);
        files = new DataPlaneHarness(conf);
    }

    @AfterEach
    void tearDown() {
        if (plane != null) {
            plane.close();
        }
        upstream.close();
    }

    private String config(String name, String tlsAttributes) {
        return "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"secure\"><tls " + tlsAttributes + "/><member address=\"localhost\" port=\"" + upstream.port() + "\"/></pool>\n"
                + "  <route name=\"api\" pool=\"secure\"/>\n  <!-- " + name + " -->\n";
    }

    private int status(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + plane.boundAddresses().get("public").getPort() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aCaFileOfAnotherNameAppliesWithTheNextConfiguration() throws Exception {
        files.write(config("v1", "trusted-cas=\"tls/ca.pem\""));
        plane = ReloadingDataPlane.start(conf, MANUAL, 2);
        assertEquals(502, status("/before"), "the upstream's CA is not trusted yet");

        TestPki.pem(conf.resolve("tls/new-ca.pem"), newCa.certificate());
        files.write(config("v2", "trusted-cas=\"tls/new-ca.pem\""));
        plane.checkNow();
        assertEquals(2, plane.generation());
        assertEquals(200, status("/after"));
    }

    @Test
    void newContentUnderTheSameNameReplacesThePoolAtTheNextChange() throws Exception {
        files.write(config("v1", "trusted-cas=\"tls/ca.pem\""));
        plane = ReloadingDataPlane.start(conf, MANUAL, 2);
        assertEquals(502, status("/before"));

        TestPki.pem(conf.resolve("tls/ca.pem"), newCa.certificate());
        files.write(config("v2", "trusted-cas=\"tls/ca.pem\"")); // the pool's own settings did not change
        plane.checkNow();
        assertEquals(2, plane.generation());
        assertEquals(200, status("/after"), "the pool was rebuilt from the file's new content");
    }

    @Test
    void unusableFilesRefuseTheWholeChangeAndTheRunningConfigurationServes() throws Exception {
        TestPki.pem(conf.resolve("tls/new-ca.pem"), newCa.certificate());
        files.write(config("v1", "trusted-cas=\"tls/new-ca.pem\""));
        plane = ReloadingDataPlane.start(conf, MANUAL, 2);
        assertEquals(200, status("/running"));

        Files.writeString(conf.resolve("tls/garbage.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        Issued element = newCa.client("CN=gatehouse-element");
        Issued other = newCa.client("CN=someone-else");
        TestPki.pem(conf.resolve("tls/element.pem"), element.certificate());
        TestPki.pem(conf.resolve("tls/other-key.pem"), other.privateKey());
        String[][] refusals = {
            {"trusted-cas=\"tls/missing.pem\"", "/element/pool[1]/tls[1]: trusted-cas file not found or not readable: "},
            {"trusted-cas=\"tls/garbage.pem\"", "/element/pool[1]/tls[1]: trusted-cas: "},
            {"trusted-cas=\"tls/new-ca.pem\" certificate=\"tls/element.pem\" private-key=\"tls/other-key.pem\"",
                "/element/pool[1]/tls[1]: private-key: " + conf.resolve("tls/other-key.pem").toAbsolutePath()
                        + " is not the private key of certificate CN=gatehouse-element"},
        };
        try (LogCapture log = new LogCapture("org.gatehouse.dataplane.config")) {
            for (String[] refusal : refusals) {
                files.write(config("bad " + refusal[0].replace("\"", ""), refusal[0]));
                plane.checkNow();
                assertEquals(1, plane.generation(), refusal[0]);
                assertTrue(log.contains(refusal[1]) && log.contains("the running configuration stays"), refusal[1] + " in " + log.lines());
                assertEquals(200, status("/still"), "the running configuration serves after " + refusal[0]);
            }
        }
    }
}
