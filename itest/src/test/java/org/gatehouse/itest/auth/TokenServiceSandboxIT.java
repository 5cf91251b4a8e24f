package org.gatehouse.itest.auth;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.gatehouse.itest.lifecycle.LifecycleElement.OFFICER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.gatehouse.itest.lifecycle.SampleJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An extension authenticator in the sandbox of the real element: the sample
 * {@code token-service-auth} is uploaded with a policy granting it one socket, {@code connect} to
 * the token service the test runs on loopback. It authenticates through that service. Pointed at a
 * second service the policy does not name, its connection is denied by the sandbox: the message
 * fails closed (5xx, nothing forwarded, the second service never asked) and the element's audit
 * log names the socket permission. Once the security officer grants that socket too, at run time,
 * the same message passes.
 */
class TokenServiceSandboxIT {
    private static final String EXTENSION = "org.gatehouse.sample.token-service-auth";
    private static final String TOKEN = "tok-7c1e5a90b2";
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- the default 2s is short for a first call on a machine whose cores other test JVMs share -->
              <settings step-timeout="10s"/>
              <authenticator name="tokens" bladelet="token-service-auth" extension="org.gatehouse.sample.token-service-auth">
                <param name="service-url" value="%s"/>
                <param name="timeout" value="5s"/>
                <param name="cache-ttl" value="0ms"/>
              </authenticator>
              <message-type name="orders" flow="orders-flow">
                <match path-prefix="/orders"/>
                <credentials><bearer/></credentials>
              </message-type>
              <flow name="orders-flow">
                <step bladelet="authenticate"><param name="method" value="tokens"/><param name="realm" value="api"/></step>
                <step bladelet="identity-assertion"/>
              </flow>
            </flows>
            """;

    private TokenService granted;
    private TokenService notGranted;
    private StartedElement running;

    @BeforeEach
    void start() throws Exception {
        granted = new TokenService(TOKEN, "alice");
        notGranted = new TokenService(TOKEN, "alice");
        running = new StartedElement();
    }

    @AfterEach
    void stop() {
        running.close();
        granted.close();
        notGranted.close();
    }

    @Test
    void theAuthenticatorReachesOnlyTheSocketsItsPolicyGrants() {
        HttpResponse<String> uploaded = running.element.api.uploadWithPolicy(SampleJars.sample("token-service-auth"),
                policyGranting(granted.port()), ADMIN);
        assertTrue(uploaded.body().contains("    + socket 127.0.0.1:" + granted.port() + " connect\\n"),
                "the rendering names the socket the policy grants: " + uploaded.body());
        assertTrue(running.element.api.done(uploaded).contains("(enabled)"), "installed and enabled");
        replaceFlows(granted.url());

        running.traffic.forwarded("/orders/1", "Authorization", "Bearer " + TOKEN, "X-Authenticated-User", "root");
        assertEquals("alice", running.upstream.lastHeader("x-authenticated-user"));
        HttpResponse<String> inactive = running.traffic.refused(401, "/orders/1", "Authorization", "Bearer tok-revoked");
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\"", inactive.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(2, granted.introspections(), "both tokens were checked by the granted service");

        // the same extension, told to use a service its policy does not name
        replaceFlows(notGranted.url());
        assertDeniedAndAudited(notGranted);

        // granted at run time by the security officer (an admin may not): the same message passes
        String both = policyGranting(granted.port(), notGranted.port());
        assertEquals(403, running.element.api.putXml("extensions/" + EXTENSION + "/policy", both, ADMIN).statusCode());
        HttpResponse<String> replaced = running.element.api.putXml("extensions/" + EXTENSION + "/policy", both, OFFICER);
        running.element.api.done(replaced);
        running.traffic.forwarded("/orders/2", "Authorization", "Bearer " + TOKEN);
        assertEquals("alice", running.upstream.lastHeader("x-authenticated-user"));
        assertEquals(1, notGranted.introspections(), "the newly granted service was asked");

        // and revoked at run time: the first service is no longer granted
        replaced = running.element.api.putXml("extensions/" + EXTENSION + "/policy", policyGranting(notGranted.port()), OFFICER);
        running.element.api.done(replaced);
        replaceFlows(granted.url());
        int askedBefore = granted.introspections();
        assertDeniedAndAudited(granted);
        assertEquals(askedBefore, granted.introspections(), "the revoked service was not asked again");
    }

    /**
     * A message with a good token fails closed: the authenticate step answers 503 because its
     * method failed (docs/data-plane.md "Authentication and authorization": an outage is never a 401), nothing is forwarded, {@code service}
     * sees no connection, and the audit log names the socket permission that was denied.
     */
    private void assertDeniedAndAudited(TokenService service) {
        int asked = service.introspections();
        HttpResponse<String> denied = running.traffic.refused(503, "/orders/1", "Authorization", "Bearer " + TOKEN);
        assertEquals("5", denied.headers().firstValue("Retry-After").orElse(null), denied.headers().map().toString());
        assertEquals(asked, service.introspections(), "no connection reached the service the policy does not grant");
        String audit = awaitLogLine("sandbox.denied", "socket 127.0.0.1:" + service.port() + " connect");
        assertTrue(audit.contains(EXTENSION), "the denial names the extension: " + audit);
    }

    private void replaceFlows(String serviceUrl) {
        running.replaceFlows(FLOWS.formatted(serviceUrl));
    }

    private static String policyGranting(int... ports) {
        StringBuilder policy = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n");
        for (int port : ports) {
            policy.append("  <permission type=\"socket\" name=\"127.0.0.1:").append(port).append("\" actions=\"connect\"/>\n");
        }
        return policy.append("</extension-policy>\n").toString();
    }

    /** The first line of the element's log holding every one of {@code parts}, waiting for it a few seconds. */
    private String awaitLogLine(String... parts) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String log = running.element.gatehouse.logFile();
            for (String line : log.split("\n")) {
                if (Arrays.stream(parts).allMatch(line::contains)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with " + Arrays.toString(parts) + " in:\n" + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
