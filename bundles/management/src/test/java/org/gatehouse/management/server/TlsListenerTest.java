package org.gatehouse.management.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.gatehouse.management.api.Json;
import org.gatehouse.management.testing.TestServer;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener with real TLS and certificates made here with Bouncy Castle: tokens over TLS,
 * client certificates mapped to users (optional and required client authentication), and
 * certificates that are unknown or from another CA.
 */
class TlsListenerTest {
    private static final String ADMIN_SUBJECT = "CN=ops-console,O=Acme";

    @TempDir
    Path folder;
    private Authority pki;
    private Map<String, String> tls;

    @BeforeEach
    void makeCertificates() throws Exception {
        pki = TestPki.authority("CN=Gatehouse Test CA");
        Path keyStore = TestPki.keyStore(folder.resolve("tls/server.p12"), pki.server("CN=127.0.0.1"));
        Path trustStore = pki.trustStore(folder.resolve("tls/clients.p12"));
        tls = Map.of("gatehouse.management.keystore", keyStore.toString(),
                "gatehouse.management.keystore.password", TestPki.PASSWORD,
                "gatehouse.management.truststore", trustStore.toString(),
                "gatehouse.management.truststore.password", TestPki.PASSWORD);
    }

    private static HttpResponse<String> get(TestServer server, SSLContext context, String path, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private TestServer start(Map<String, String> more) throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(tls);
        properties.putAll(more);
        return TestServer.startWithCertificateUsers(folder.resolve("home"), properties, List.of(ADMIN_SUBJECT));
    }

    @Test
    void tokensWorkOverTls() throws Exception {
        try (TestServer server = start(Map.of())) {
            assertTrue(server.baseUrl().startsWith("https://127.0.0.1:"), server.baseUrl());
            assertEquals(200, get(server, pki.clientContext(null), "/api/v1/health", TestServer.OPERATOR).statusCode());
            assertEquals(401, get(server, pki.clientContext(null), "/api/v1/health", null).statusCode());
        }
    }

    @Test
    void aMappedClientCertificateAuthenticatesWithItsUsersRoles() throws Exception {
        try (TestServer server = start(Map.of())) {
            SSLContext console = pki.clientContext(pki.client(ADMIN_SUBJECT));
            HttpResponse<String> commands = get(server, console, "/api/v1/commands", null);
            assertEquals(200, commands.statusCode(), commands.body());
            HttpResponse<String> policies = send(server, console, "POST", "/api/v1/policies/preview?symbolic-name=a&version=1");
            assertEquals(403, policies.statusCode(), "cert-admin is an admin, not a security officer");
            assertEquals("user cert-admin may not POST /api/v1/policies/preview; it needs one of the roles [security-officer]",
                    Json.MAPPER.readTree(policies.body()).path("error").path("message").asText());
        }
    }

    private static HttpResponse<String> send(TestServer server, SSLContext context, String method, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/xml").method(method, HttpRequest.BodyPublishers.ofString("<x/>")).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnmappedClientCertificateIs401NamingItsSubject() throws Exception {
        try (TestServer server = start(Map.of())) {
            HttpResponse<String> response = get(server, pki.clientContext(pki.client("CN=stranger,O=Acme")), "/api/v1/health", null);
            assertEquals(401, response.statusCode());
            assertEquals("the client certificate's subject [CN=stranger,O=Acme] is not a management user",
                    Json.MAPPER.readTree(response.body()).path("error").path("message").asText());
        }
    }

    @Test
    void aCertificateFromAnotherCaAuthenticatesNobody() throws Exception {
        Authority other = TestPki.authority("CN=Other CA");
        // the client trusts our CA (so it accepts the server) but presents a certificate of the other CA, same subject
        SSLContext context = pki.clientContext(other.client(ADMIN_SUBJECT));
        try (TestServer server = start(Map.of())) {
            // optional client authentication: the unverified certificate is ignored, so no user
            assertEquals(401, get(server, context, "/api/v1/commands", null).statusCode());
        }
        try (TestServer server = start(Map.of("gatehouse.management.client-auth", "required"))) {
            assertThrows(IOException.class, () -> get(server, context, "/api/v1/commands", null));
        }
    }

    @Test
    void requiredClientAuthenticationRefusesAClientWithoutCertificate() throws Exception {
        try (TestServer server = start(Map.of("gatehouse.management.client-auth", "required"))) {
            assertThrows(IOException.class, () -> get(server, pki.clientContext(null), "/api/v1/health", TestServer.OPERATOR));
            assertEquals(200, get(server, pki.clientContext(pki.client(ADMIN_SUBJECT)), "/api/v1/health", null).statusCode());
        }
    }

    @Test
    void withoutTlsOnlyALoopbackAddressIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManagementSettings.from(Map.of(
                "gatehouse.conf.dir", "/c", "gatehouse.data.dir", "/d", "gatehouse.management.address", "0.0.0.0:9443")::get));
        assertEquals("gatehouse.management.address /0.0.0.0:9443 is not a loopback address: the management API listens beyond "
                + "this host only with TLS (set gatehouse.management.keystore)", e.getMessage());
    }

    @Test
    void clientCertificatesNeedATrustStore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManagementSettings.from(Map.of(
                "gatehouse.conf.dir", "/c", "gatehouse.data.dir", "/d", "gatehouse.management.keystore", "/k.p12",
                "gatehouse.management.client-auth", "required")::get));
        assertEquals("client certificates (required) need a trust store: set gatehouse.management.truststore", e.getMessage());
    }
}
