package org.gatehouse.itest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.itest.support.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Credentials the element consumed do not reach the upstream (docs/data-plane.md "Consumed
 * credentials"), in the real element started by {@code bin/gatehouse}, with the real directory and
 * a real issuer's key set deciding, and an upstream that records what it receives: a Basic password
 * (every copy of the header, in any case, over HTTP/1.1 and HTTP/2), a JWT in the Authorization
 * header, in a query parameter (however its name is escaped) and in a cookie, an API key beside the
 * credential used, a {@code Proxy-Authorization}. The other side: a step with
 * {@code forward-credential="true"} hands the upstream the client's credential as sent; a second
 * authenticate step still sees the credential the first consumed; a credential that fails reaches
 * nothing at all. And a directory that accepts connections and never answers is, with the default
 * deadline and the method's default timeout, a 503 outage, not a 504 step timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumedCredentialsIT {
    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "orders-api";
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- the default 2s is short for a first call on a machine whose cores other test JVMs share -->
              <settings step-timeout="10s"/>
              <authenticator name="corp-ldap" bladelet="ldap">
                <param name="server" value="127.0.0.1:%1$d"/>
                <param name="bind-dn" value="%2$s"/>
                <param name="bind-password" value="%3$s"/>
                <param name="search-base" value="%4$s"/>
              </authenticator>
              <authenticator name="hung-ldap" bladelet="ldap">
                <param name="server" value="127.0.0.1:%8$d"/>
                <param name="user-dn-template" value="uid={user},ou=people,dc=example,dc=com"/>
              </authenticator>
              <authenticator name="login" bladelet="jwt">
                <param name="issuer" value="%5$s"/>
                <param name="audience" value="%6$s"/>
                <param name="jwks-url" value="%7$s"/>
              </authenticator>
              <message-type name="orders" flow="orders-flow">
                <match path-prefix="/orders"/>
                <credentials><basic/><header header="X-API-Key"/></credentials>
              </message-type>
              <message-type name="legacy" flow="legacy-flow">
                <match path-prefix="/legacy"/>
                <credentials><basic/></credentials>
              </message-type>
              <message-type name="tokens" flow="tokens-flow">
                <match path-prefix="/tokens"/>
                <credentials><jwt/><query parameter="access_token" as="bearer"/><cookie cookie="session" as="bearer"/></credentials>
              </message-type>
              <message-type name="hung" flow="hung-flow">
                <match path-prefix="/hung"/>
                <credentials><basic/></credentials>
              </message-type>
              <flow name="hung-flow">
                <!-- the default deadline and the method's default timeout -->
                <step bladelet="authenticate" timeout="2s"><param name="method" value="hung-ldap"/></step>
              </flow>
              <flow name="orders-flow">
                <step bladelet="authenticate"><param name="method" value="corp-ldap"/></step>
                <step name="again" bladelet="authenticate"><param name="method" value="corp-ldap"/></step>
                <step bladelet="identity-assertion"/>
              </flow>
              <flow name="legacy-flow">
                <step bladelet="authenticate"><param name="method" value="corp-ldap"/><param name="forward-credential" value="true"/></step>
              </flow>
              <flow name="tokens-flow">
                <step bladelet="authenticate"><param name="method" value="login"/></step>
              </flow>
            </flows>
            """;

    private CorporateDirectory directory;
    private JwksEndpoint jwks;
    private RSAKey issuerKey;
    private StartedElement running;
    private ServerSocket hungDirectory;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        directory = new CorporateDirectory();
        issuerKey = new RSAKeyGenerator(2048).keyID("login-2026").generate();
        jwks = new JwksEndpoint(issuerKey);
        hungDirectory = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(hungDirectory.accept()); // and never a byte back
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "hung-directory");
        acceptor.setDaemon(true);
        acceptor.start();
        running = new StartedElement();
        running.replaceFlows(FLOWS.formatted(directory.port(), CorporateDirectory.SERVICE_DN, CorporateDirectory.SERVICE_PASSWORD,
                CorporateDirectory.PEOPLE, ISSUER, AUDIENCE, jwks.url(), hungDirectory.getLocalPort()));
    }

    @AfterAll
    void stop() throws IOException {
        running.close();
        hungDirectory.close();
        for (Socket socket : held) {
            socket.close();
        }
        jwks.close();
        directory.close();
    }

    @Test
    void theBasicPasswordAndTheKeyBesideItDoNotReachTheUpstreamYetTheSecondStepSawThem() {
        running.traffic.forwarded("/orders/1", "Authorization", basic("alice", "alice-pw"), "X-API-Key", "unchecked-key",
                "Proxy-Authorization", basic("alice", "alice-pw"));
        // identity-assertion ran after both authenticate steps: the second one found the credential too
        assertEquals("alice", running.upstream.lastHeader("x-authenticated-user"));
        assertNull(running.upstream.lastHeader("authorization"));
        assertNull(running.upstream.lastHeader("x-api-key"), "an unchecked key beside the credential used is kept as well");
        assertNull(running.upstream.lastHeader("proxy-authorization"));
    }

    @Test
    void everyCopyOfTheHeaderInAnyCaseIsKeptFromTheUpstream() throws Exception {
        long before = running.upstream.requests();
        // the Basic location comes first and holds alice's password: the key location is not read, yet consumed
        String answer = raw("GET /orders/2 HTTP/1.1", "Authorization: " + basic("alice", "alice-pw"), "authorization: Bearer smuggled",
                "AUTHORIZATION: " + basic("bob", "bob-pw"), "x-api-key: k1", "X-Api-Key: k2", "Cookie: theme=dark");
        assertEquals("HTTP/1.1 200", answer.substring(0, 12), answer);
        assertEquals(before + 1, running.upstream.requests());
        assertNull(running.upstream.lastHeader("authorization"), "no copy of the Authorization header is forwarded");
        assertNull(running.upstream.lastHeader("x-api-key"), "nor of the key's");
        assertEquals("theme=dark", running.upstream.lastHeader("cookie"));
    }

    @Test
    void overHttp2TheCredentialIsKeptFromTheUpstreamToo() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 2; i++) {
            // the first request upgrades the connection (h2c), the second is HTTP/2 from its first frame
            long before = running.upstream.requests();
            HttpResponse<String> response = TestClients.sendForText(h2, HttpRequest.newBuilder(URI.create(base() + "/orders/h2"))
                    .header("Authorization", basic("alice", "alice-pw")).timeout(Duration.ofSeconds(30)).build());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(before + 1, running.upstream.requests());
            assertNull(running.upstream.lastHeader("authorization"), "request " + i + " over " + response.version());
            if (i == 1) {
                assertEquals(HttpClient.Version.HTTP_2, response.version());
            }
        }
    }

    @Test
    void aFailedCredentialReachesNothing() {
        running.traffic.refused(401, "/orders/4", "Authorization", basic("alice", "guess"), "X-API-Key", "k");
        running.traffic.refused(401, "/legacy/1", "Authorization", basic("alice", "guess"));
        running.traffic.refused(401, "/tokens/1?access_token=not-a-jwt");
    }

    @Test
    void aStepThatAsksForwardsTheCredentialAsSent() {
        running.traffic.forwarded("/legacy/1", "Authorization", basic("alice", "alice-pw"));
        assertEquals(basic("alice", "alice-pw"), running.upstream.lastHeader("authorization"));
    }

    @Test
    void aTokenInTheHeaderTheQueryOrACookieIsKeptFromTheUpstreamAndTheRestOfThemIsNot() throws Exception {
        String token = token("alice");
        running.traffic.forwarded("/tokens/1", "Authorization", "Bearer " + token);
        assertNull(running.upstream.lastHeader("authorization"));

        running.traffic.forwarded("/tokens/2?page=2&access_token=" + token + "&sort=asc");
        assertEquals("/tokens/2?page=2&sort=asc", running.upstream.lastTarget());

        running.traffic.forwarded("/tokens/3?access%5Ftoken=" + token);
        assertEquals("/tokens/3", running.upstream.lastTarget(), "the name is compared decoded");

        running.traffic.forwarded("/tokens/4?page=1", "Cookie", "theme=dark; session=" + token + "; lang=en");
        assertEquals("theme=dark; lang=en", running.upstream.lastHeader("cookie"));
        assertEquals("/tokens/4?page=1", running.upstream.lastTarget());

        // a token in the cookie is used, the one in the query was not checked: neither is forwarded
        running.traffic.forwarded("/tokens/5?access_token=unchecked.but.there", "Authorization", "Bearer " + token);
        assertEquals("/tokens/5", running.upstream.lastTarget());
    }

    @Test
    void aDirectoryThatAcceptsAndNeverAnswersIs503NotAStepTimeout() {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = running.traffic.refused(503, "/hung/" + i, "Authorization", basic("alice", "alice-pw"));
            assertEquals("5", response.headers().firstValue("Retry-After").orElse(null), response.body());
            assertFalse(response.body().contains("step_timeout"), response.body());
        }
    }

    private String base() {
        return "http://127.0.0.1:" + running.element.listenerPort;
    }

    /** One request written exactly as given (header names in the case given), answered and closed. */
    private String raw(String requestLine, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", running.element.listenerPort)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private String token(String subject) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuerKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(issuerKey));
        return jwt.serialize();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
