package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The liveness and readiness probes over a real listener: served without a token, saying nothing
 * beyond their fixed words, and readiness naming each missing part. And the other side: no other
 * spelling of their paths, and no path built on theirs, gets past authentication.
 */
class ProbeRoutesTest extends RunningServerFixture {

    @Test
    void livenessAndReadinessAnswerWithoutCredentialsAndSayNothingElse() throws Exception {
        HttpResponse<String> live = server.get("/healthz", null);
        assertEquals(200, live.statusCode());
        assertEquals("ok\n", live.body());
        assertEquals("text/plain; charset=utf-8", live.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> ready = server.get("/readyz", null);
        assertEquals(200, ready.statusCode());
        assertEquals("ready\n", ready.body());
        for (HttpResponse<String> response : List.of(live, ready)) {
            String everything = response.headers().map() + response.body();
            // the fixed data plane's element name, listener, address and generation never show
            for (String secret : List.of("edge-1", "public", "8080", "127.0.0.1", "generation", "version")) {
                assertFalse(everything.contains(secret), secret + " in " + everything);
            }
        }
        // a token changes nothing, and the query is ignored
        assertEquals("ok\n", server.get("/healthz", TestServer.ADMIN).body());
        assertEquals(200, raw("GET /healthz?verbose=1 HTTP/1.1").status());
    }

    @Test
    void readinessNamesEachMissingPartInOneWord() throws Exception {
        server.services.stopFlowEngine();
        assertReadiness(503, "not ready: flow-engine\n");
        server.services.stopExtensionManager();
        assertReadiness(503, "not ready: flow-engine extension-manager\n");
        server.services.stopPolicyEngine();
        server.services.stopDataPlane();
        assertReadiness(503, "not ready: data-plane flow-engine policy-engine extension-manager\n");
        assertEquals(200, server.get("/healthz", null).statusCode(), "alive while not ready");
    }

    @Test
    void aDataPlaneWithoutBoundListenersIsNotReady() throws Exception {
        server.services.useDataPlane(new NoListeners());
        assertReadiness(503, "not ready: data-plane\n");
    }

    @Test
    void noOtherSpellingOrPathBuiltOnAProbeGetsPastAuthentication() throws Exception {
        List<String> targets = List.of("/healthz/../api/v1/extensions", "/readyz/../api/v1/flows", "/healthz/%2e%2e/api/v1/extensions",
                "/healthz%2F..%2Fapi%2Fv1%2Fextensions", "/healthz/%2F..%2Fapi/v1/extensions", "/HEALTHZ", "/Readyz", "//healthz",
                "/healthz/", "/./healthz", "/%68ealthz", "/healthz%00", "/healthz;a=b", "/api/v1/extensions?/healthz",
                "/api/v1/extensions#/healthz", "/api/v1/health", "/metrics", "http://127.0.0.1/api/v1/extensions", "*");
        for (String target : targets) {
            Raw answer = raw("GET " + target + " HTTP/1.1");
            assertTrue(answer.status() == 401 || answer.status() == 400, target + " answered " + answer.status() + ": " + answer.text());
            assertFalse(answer.text().contains("ok\n") || answer.text().contains("ready\n"), target + ": " + answer.text());
        }
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD", "OPTIONS")) {
            assertEquals(401, raw(method + " /healthz HTTP/1.1").status(), method + " /healthz");
        }
    }

    @Test
    void theRouterOpensNothingButAGetOfAFixedPath() {
        Set<Role> none = Set.of();
        RouteHandler handler = request -> ApiResponse.ok(Json.object());
        assertEquals("route POST /x has no role; only a GET of a fixed path without a body may be served unauthenticated",
                assertThrows(IllegalArgumentException.class, () -> new Router(List.of(new Route("POST", "/x", none, BodyLimit.NONE, handler))))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Router(List.of(new Route("GET", "/x/{name}", none, BodyLimit.NONE, handler))));
        assertThrows(IllegalArgumentException.class, () -> new Router(List.of(new Route("GET", "/x", none, BodyLimit.DOCUMENT, handler))));
    }

    private void assertReadiness(int status, String body) throws Exception {
        HttpResponse<String> ready = server.get("/readyz", null);
        assertEquals(status, ready.statusCode());
        assertEquals(body, ready.body());
    }

    private record Raw(int status, String text) {
    }

    /** One request sent exactly as written (no client normalizes the target), answered and closed. */
    private Raw raw(String requestLine) throws IOException {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            return new Raw(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    /** A data plane that runs but has bound no listener. */
    private static final class NoListeners implements org.gatehouse.dataplane.DataPlane {
        @Override
        public long generation() {
            return 1;
        }

        @Override
        public String elementName() {
            return "edge-1";
        }

        @Override
        public Map<String, java.net.InetSocketAddress> boundAddresses() {
            return Map.of();
        }

        @Override
        public java.net.InetSocketAddress demoUpstreamAddress() {
            return null;
        }

        @Override
        public Map<String, Long> listenerRequests() {
            return Map.of();
        }

        @Override
        public Map<String, Map<String, Long>> upstreamOutcomes() {
            return Map.of();
        }

        @Override
        public Map<String, Map<String, Boolean>> memberHealth() {
            return Map.of();
        }
    }
}
