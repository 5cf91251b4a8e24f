package org.gatehouse.itest.auth;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.itest.lifecycle.LifecycleElement;
import org.gatehouse.itest.lifecycle.SampleJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An extension authorizer behind the built-in {@code authorize} step of the real element: the samples
 * {@code api-key-auth} (who is it) and {@code rule-file-authorizer} (may they) are uploaded over the
 * management API and confirmed, their files written into their data folders as an operator would,
 * and a flow authenticates then authorizes every {@code /api} message. An allowed message reaches the
 * upstream; a denied one is answered 403, never forwarded, and its denial audited with the rule that
 * decided; an edit of the rules file flips the decision and a broken edit keeps the rules in force.
 * The sandbox holds around it: a rules file named in the element's {@code conf/} is denied by the
 * sandbox (audited) and the authorizer fails closed, and a link in its data folder that leads there
 * is not followed.
 */
class ExtensionAuthorizerIT {
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final String RULES = "org.gatehouse.sample.rule-file-authorizer";
    private static final String ALICE_KEY = "k-alice-5e1f0c";
    private static final String OLIVER_KEY = "k-oliver-27ab93";
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- the default 2s is short for a first call on a machine whose cores other test JVMs share -->
              <settings step-timeout="10s"/>
              <authenticator name="keys" bladelet="api-key-auth" extension="org.gatehouse.sample.api-key-auth">
                <param name="accept-bearer" value="false"/>
              </authenticator>
              <authorizer name="rules" bladelet="rule-file-authorizer" extension="org.gatehouse.sample.rule-file-authorizer">
                <param name="reload-interval" value="0ms"/>%s
              </authorizer>
              <message-type name="api" flow="api-flow">
                <match path-prefix="/api"/>
                <credentials><header header="X-Api-Key"/></credentials>
              </message-type>
              <flow name="api-flow">
                <step bladelet="authenticate"><param name="method" value="keys"/></step>
                <step bladelet="authorize"><param name="method" value="rules"/></step>
              </flow>
            </flows>
            """;
    private static final String ACCESS_RULES = """
            # operators run the admin pages; nobody else does
            allow group:ops     *         /api/admin/**
            deny  *             *         /api/admin/**
            allow user:alice    GET,HEAD  /api/orders/**
            """;

    private StartedElement running;
    private Path rulesFile;

    @BeforeEach
    void start() throws Exception {
        running = new StartedElement();
        for (String sample : new String[] {"api-key-auth", "rule-file-authorizer"}) {
            HttpResponse<String> installed = running.element.api.uploadJar("POST", "extensions", SampleJars.sample(sample), ADMIN);
            assertTrue(running.element.api.done(installed).contains("(enabled)"), sample + " installed and enabled");
        }
        Path keys = dataFolder(KEYS).resolve("api-keys.txt");
        Files.writeString(keys, "alice-1:" + sha256(ALICE_KEY) + ":alice:staff\n" + "oliver-1:" + sha256(OLIVER_KEY) + ":oliver:ops\n");
        rulesFile = dataFolder(RULES).resolve("access-rules.txt");
        Files.writeString(rulesFile, ACCESS_RULES);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void theRulesFileDecidesEditsFlipItAndABrokenEditKeepsTheRulesInForce() throws Exception {
        running.replaceFlows(FLOWS.formatted(""));

        running.traffic.forwarded("/api/orders/7", "X-Api-Key", ALICE_KEY);
        running.traffic.forwarded("/api/admin/users", "X-Api-Key", OLIVER_KEY);
        running.traffic.refused(401, "/api/orders/7");
        refused(403, "DELETE", "/api/orders/7", ALICE_KEY);
        refused(403, "GET", "/api/admin/users", ALICE_KEY);
        refused(403, "GET", "/api/invoices", OLIVER_KEY);
        running.awaitLogLine("audit time=", "action=authorization.denied", "subject=ext:" + RULES + "/",
                "authorizer 'rules' denied alice DELETE /api/orders/7");

        // spellings of the denied folder: the element normalizes them or refuses them, and none gets through
        for (String path : new String[] {"/api/admin/", "/api/admin", "/api/orders/../admin/users", "/api//admin/users",
            "/api/%61dmin/users", "/api/orders/%2e%2e/admin/users", "/api/admin;x=1/users", "/api/admin%2Fusers"}) {
            long before = running.upstream.requests();
            HttpResponse<String> answer = running.traffic.send("GET", path, "X-Api-Key", ALICE_KEY);
            assertTrue(answer.statusCode() == 403 || answer.statusCode() == 400, path + " answered " + answer.statusCode());
            assertEquals(before, running.upstream.requests(), path + " reached the upstream");
        }
        // methods are case-sensitive: "get" is not GET, and what no rule allows is denied
        long before = running.upstream.requests();
        assertNotEquals(200, running.traffic.send("get", "/api/orders/7", "X-Api-Key", ALICE_KEY).statusCode());
        assertEquals(before, running.upstream.requests(), "a lower-case method reached the upstream");

        // an edit flips the decision, both ways
        Files.writeString(rulesFile, ACCESS_RULES + "allow user:alice DELETE /api/orders/*\n");
        assertEquals(200, running.traffic.send("DELETE", "/api/orders/7", "X-Api-Key", ALICE_KEY).statusCode());
        Files.writeString(rulesFile, ACCESS_RULES.replace("/api/orders/**", "/api/orders/public/**"));
        refused(403, "GET", "/api/orders/7", ALICE_KEY);
        refused(403, "DELETE", "/api/orders/7", ALICE_KEY);
        running.traffic.forwarded("/api/orders/public/terms", "X-Api-Key", ALICE_KEY);

        // a broken edit: the line is named, the rules in force stay, the broken file's allow-everything is not in force
        Files.writeString(rulesFile, "allow * * /**\nallow user:alice delete /api/orders/*\n");
        refused(403, "GET", "/api/orders/7", ALICE_KEY);
        refused(403, "GET", "/api/admin/users", ALICE_KEY);
        running.traffic.forwarded("/api/orders/public/terms", "X-Api-Key", ALICE_KEY);
        String error = running.awaitLogLine("rules file changed but is malformed", "access-rules.txt [2:18]: method 'delete'");
        assertTrue(error.contains("the previous 3 rules stay in force"), error);
    }

    @Test
    void theSandboxKeepsTheAuthorizerInItsDataFolderAndItFailsClosed() throws Exception {
        Path bait = running.element.gatehouse.confDir().resolve("bait-rules.txt");
        Files.writeString(bait, "allow * * /**\n");

        // granted: its data folder
        running.replaceFlows(FLOWS.formatted(""));
        running.traffic.forwarded("/api/orders/7", "X-Api-Key", ALICE_KEY);
        refused(403, "DELETE", "/api/orders/7", ALICE_KEY);

        // a link in its data folder that leads into conf/: not followed, the rules in force stay
        Files.delete(rulesFile);
        Files.createSymbolicLink(rulesFile, bait);
        refused(403, "DELETE", "/api/orders/7", ALICE_KEY);
        running.traffic.forwarded("/api/orders/7", "X-Api-Key", ALICE_KEY);
        running.awaitLogLine("access-rules.txt cannot be read, the previous 3 rules stay in force");

        // not granted: the rules file named in conf/ is denied by the sandbox, audited, and the request refused
        running.replaceFlows(FLOWS.formatted("\n    <param name=\"rules-file\" value=\"" + bait + "\"/>"));
        refused(403, "GET", "/api/orders/7", ALICE_KEY);
        refused(403, "GET", "/api/admin/users", OLIVER_KEY);
        String denied = running.awaitLogLine("sandbox.denied", "bait-rules.txt");
        assertTrue(denied.contains(RULES), "the denial names the extension: " + denied);
        running.awaitLogLine("action=authorization.denied", "authorizer 'rules' denied alice GET /api/orders/7");
    }

    /** {@code method path} with the key, answered {@code status} by the element: the upstream saw nothing. */
    private void refused(int status, String method, String path, String key) {
        long before = running.upstream.requests();
        HttpResponse<String> answer = running.traffic.send(method, path, "X-Api-Key", key);
        assertEquals(status, answer.statusCode(), method + " " + path + ": " + answer.body());
        assertEquals(before, running.upstream.requests(), method + " " + path + " reached the upstream");
    }

    private Path dataFolder(String extension) throws Exception {
        return Files.createDirectories(running.element.dataDir().resolve("extensions").resolve(extension));
    }

    private static String sha256(String key) {
        return LifecycleElement.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
