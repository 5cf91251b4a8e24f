package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.demo.upstream.internal.DemoUpstreamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh installation's traffic: listener -> route -> pool -> demo upstream (bundle demo-upstream's responder). */
class DemoUpstreamTest {
    @TempDir
    Path conf;

    @Test
    void echoesMethodPathAndForwardedHeaders() throws Exception {
        int demoPort = DataPlaneHarness.freePort();
        try (DataPlaneHarness plane = new DataPlaneHarness(conf)) {
            plane.start("  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                    + "  <pool name=\"demo\"><member address=\"127.0.0.1\" port=\"" + demoPort + "\"/></pool>\n"
                    + "  <route name=\"all\" pool=\"demo\"/>\n"
                    + "  <demo-upstream port=\"" + demoPort + "\"/>\n");
            // what SCR hands the data plane when bundle org.gatehouse.demo-upstream is installed
            plane.engine().demoResponder(new DemoUpstreamInitializer());
            assertEquals(demoPort, plane.engine().demoUpstreamAddress().getPort());
            // the default client version upgrades to h2c, so this also carries a body over HTTP/2
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plane.uri("public", "/demo?q=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
            String body = response.body();
            assertTrue(body.contains("\"method\":\"POST\""), body);
            assertTrue(body.contains("\"path\":\"/demo?q=1\""), body);
            assertTrue(body.contains("\"bodyBytes\":3"), body);
            assertTrue(body.contains("\"x-forwarded-for\":\"127.0.0.1\""), body);
            assertTrue(body.contains("\"via\":\"2.0 edge-test\""), body);
        }
    }
}
