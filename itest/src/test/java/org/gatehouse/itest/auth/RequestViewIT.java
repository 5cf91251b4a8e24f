package org.gatehouse.itest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One view of a request in the real element: a JWT-protected message type on
 * {@code path-prefix="/raw/secure"} and one on {@code host="admin.example"}. Every other spelling of
 * the path, and the absolute-form target naming the host, is answered 401 (or 400 where the
 * normalization rules refuse it) and nothing reaches the upstream; with a valid token the same
 * request is forwarded, normalized, and unprotected paths stay on the fast path. Requests are
 * written on raw sockets: an HTTP client library would clean some of them up before sending.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestViewIT {
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <settings step-timeout="10s"/>
              <authenticator name="login" bladelet="jwt">
                <param name="issuer" value="https://login.example.com"/>
                <param name="audience" value="raw-api"/>
                <param name="jwks-url" value="%s"/>
                <param name="realm" value="raw"/>
              </authenticator>
              <message-type name="secure" flow="login-flow">
                <match path-prefix="/raw/secure"/>
                <credentials><jwt/></credentials>
              </message-type>
              <message-type name="admin" flow="login-flow">
                <match host="admin.example"/>
                <credentials><jwt/></credentials>
              </message-type>
              <flow name="login-flow">
                <step bladelet="authenticate"><param name="method" value="login"/><param name="realm" value="raw"/></step>
              </flow>
            </flows>
            """;

    private RSAKey issuerKey;
    private JwksEndpoint jwks;
    private StartedElement running;

    @BeforeAll
    void start() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("raw-1").generate();
        jwks = new JwksEndpoint(issuerKey);
        running = new StartedElement();
        running.replaceFlows(FLOWS.formatted(jwks.url()));
    }

    @AfterAll
    void stop() {
        running.close();
        jwks.close();
    }

    @ParameterizedTest(name = "{0} {1} Host [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "GET|/raw/secure/x|public.example|401",
            "GET|/raw/open/../secure/x|public.example|401",
            "GET|/raw/%73ecure/x|public.example|401",
            "GET|/raw//secure/x|public.example|401",
            "GET|/raw/./secure/x|public.example|401",
            "GET|/raw/open/%2e%2e/secure/x|public.example|401",
            "GET|/raw/open/..%2fsecure/x|public.example|400",
            "GET|/raw/open/..;/secure/x|public.example|400",
            "GET|/raw/open/..\\secure/x|public.example|400",
            "GET|/raw/open/%C0%AE%C0%AE/secure/x|public.example|400",
            "GET|/../raw/secure/x|public.example|400",
            "GET|/raw/x|admin.example|401",
            "GET|/raw/x|ADMIN.example.:80|401",
            "GET|http://admin.example/raw/x|127.0.0.1|400",
            "GET|http://admin.example/raw/x|admin.example|401",
            "CONNECT|admin.example:443|admin.example:443|501",
    })
    void everySpellingOfTheProtectedRequestIsRefused(String method, String target, String host, int status) throws IOException {
        long before = running.upstream.requests();
        String response = send(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), target + ": " + response);
        assertEquals(before, running.upstream.requests(), target + ": nothing reaches the upstream");
    }

    @Test
    void smugglingShapesAreRefusedBeforeTheUpstream() throws IOException {
        long before = running.upstream.requests();
        String clte = send("POST /raw/open/x HTTP/1.1\r\nHost: public.example\r\nContent-Length: 6\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /raw/secure/x HTTP/1.1\r\nHost: public.example\r\n\r\n");
        assertTrue(clte.startsWith("HTTP/1.1 400 "), clte);
        String tete = send("POST /raw/open/x HTTP/1.1\r\nHost: public.example\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n");
        assertTrue(tete.startsWith("HTTP/1.1 501 "), tete);
        assertEquals(before, running.upstream.requests(), "nothing reaches the upstream");
    }

    @Test
    void withATokenTheNormalizedRequestIsForwarded() throws Exception {
        long before = running.upstream.requests();
        String response = send("GET /raw/open/../secure/x HTTP/1.1\r\nHost: public.example\r\nAuthorization: Bearer "
                + token() + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("upstream saw /raw/secure/x"), "the upstream gets what was classified: " + response);
        assertEquals(before + 1, running.upstream.requests());
        String admin = send("GET http://admin.example/raw/x HTTP/1.1\r\nHost: admin.example\r\nAuthorization: Bearer "
                + token() + "\r\n\r\n");
        assertTrue(admin.startsWith("HTTP/1.1 200 "), admin);
        assertEquals("admin.example", running.upstream.lastHeader("host"));
    }

    @Test
    void anUnprotectedPathTakesTheFastPath() throws IOException {
        long before = running.upstream.requests();
        String response = send("GET /raw/open/./x HTTP/1.1\r\nHost: public.example\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("upstream saw /raw/open/x"), response);
        assertEquals(before + 1, running.upstream.requests());
    }

    private String token() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://login.example.com").audience(List.of("raw-api"))
                .subject("alice").expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuerKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(issuerKey));
        return jwt.serialize();
    }

    /** One request on its own connection; the answer read until its Content-Length or the close. */
    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", running.element.listenerPort)) {
            socket.setSoTimeout(30000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                out.write(c);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0) {
                    String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
                    int at = head.indexOf("content-length:");
                    int length = at < 0 ? 0 : Integer.parseInt(head.substring(at + 15, head.indexOf('\n', at) < 0 ? head.length()
                            : head.indexOf('\n', at)).trim());
                    out.write(in.readNBytes(length));
                    return out.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
