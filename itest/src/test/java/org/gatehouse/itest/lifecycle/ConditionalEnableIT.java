package org.gatehouse.itest.lifecycle;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.gatehouse.itest.lifecycle.LifecycleElement.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A conditional enable acting in the element, end to end: qualification admits api-key-auth (its
 * hash in the reference group {@code trial}) with {@code extra-audit} and a time limit, and
 * header-rewrite unconditionally. Traffic through both: every permission use and step outcome of
 * api-key-auth is in the control module's audit record, none of header-rewrite's. At the end of
 * its window api-key-auth is disabled (REST, {@code gatehouse ext show}, the audit record, the
 * log), its method answers no more, header-rewrite runs on; after a kill -9 and a start it stays
 * disabled with its reason.
 */
class ConditionalEnableIT {
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final String HEADERS = "org.gatehouse.sample.header-rewrite";
    private static final String API_KEY = "k-5d1e0c77a2";
    private static final int WINDOW_SECONDS = 45;
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <authenticator name="keys" bladelet="api-key-auth" extension="org.gatehouse.sample.api-key-auth"/>
              <message-type name="api" flow="api-flow">
                <match path-prefix="/api"/>
                <credentials><header header="X-Api-Key"/></credentials>
              </message-type>
              <message-type name="open" flow="open-flow"><match path-prefix="/open"/></message-type>
              <flow name="api-flow">
                <step bladelet="authenticate"><param name="method" value="keys"/></step>
              </flow>
              <flow name="open-flow">
                <step bladelet="header-rewrite" extension="org.gatehouse.sample.header-rewrite">
                  <param name="principal-header" value="X-User"/>
                </step>
              </flow>
            </flows>
            """;

    private CountingUpstream upstream;
    private LifecycleElement element;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        element.write("qualification-rules.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="trial" answer="conditional-enable">
                    <match><reference-group>trial</reference-group></match>
                    <extra-audit note="new vendor"/>
                    <time-limit duration="%ds" note="a trial"/>
                  </rule>
                  <rule name="everything-else" answer="enable" hash-scope="any"/>
                </qualification-rules>
                """.formatted(WINDOW_SECONDS));
        Files.writeString(element.gatehouse.confDir().resolve("signature-db.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="%s" added-by="sofia" added-at="2026-11-01T09:00:00Z">
                    <reference-group>trial</reference-group>
                  </entry>
                </signature-database>
                """.formatted(LifecycleElement.sha256(Files.readAllBytes(SampleJars.sample("api-key-auth")))));
        element.start();
    }

    @AfterEach
    void stop() {
        element.close();
        upstream.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> extension(String name) throws Exception {
        HttpResponse<String> response = element.api.get("extensions/" + name, OPERATOR);
        assertEquals(200, response.statusCode(), response.body());
        return (Map<String, Object>) JSONObjectUtils.parse(response.body()).get("extension");
    }

    private HttpResponse<String> traffic(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + element.listenerPort + path))
                .timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Map<String, Object>> audit() throws Exception {
        Path file = element.dataDir().resolve("audit").resolve("audit.log");
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(line -> {
            try {
                return JSONObjectUtils.parse(line);
            } catch (java.text.ParseException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    private long audited(String action, String subjectPrefix) throws Exception {
        return audit().stream().filter(e -> action.equals(e.get("action")) && String.valueOf(e.get("subject")).startsWith(subjectPrefix))
                .count();
    }

    @Test
    void theConditionsActForTheConditionalExtensionOnlyAndTheEndOfItsEnableSurvivesAKill() throws Exception {
        for (String sample : List.of("api-key-auth", "header-rewrite")) {
            HttpResponse<String> installed = element.api.uploadJar("POST", "extensions", SampleJars.sample(sample), ADMIN);
            assertTrue(element.api.done(installed).contains("confirmed: done: installed "), "installed and enabled");
        }
        Path keys = element.dataDir().resolve("extensions").resolve(KEYS).resolve("api-keys.txt");
        Files.createDirectories(keys.getParent());
        Files.writeString(keys, "k1:" + LifecycleElement.sha256(API_KEY.getBytes(StandardCharsets.UTF_8)) + ":alice\n");
        element.api.done(element.api.putXml("flows", FLOWS, ADMIN));

        Map<String, Object> trial = extension(KEYS);
        assertEquals(true, trial.get("auditEveryUse"), trial.toString());
        assertEquals(List.of("extra-audit (new vendor)", "time-limit [PT" + WINDOW_SECONDS + "S] (a trial)"), trial.get("conditions"));
        Instant end = Instant.parse((String) trial.get("enabledUntil"));
        assertEquals(Instant.parse((String) trial.get("installedAt")).plusSeconds(WINDOW_SECONDS), end);
        Map<String, Object> plain = extension(HEADERS);
        assertEquals(false, plain.get("auditEveryUse"));
        assertEquals(null, plain.get("enabledUntil"));
        assertEquals(List.of(), plain.get("conditions"));

        assertEquals(200, traffic("/api/x", API_KEY).statusCode());
        assertEquals(401, traffic("/api/x", "wrong").statusCode());
        assertEquals(200, traffic("/open/x", null).statusCode());
        String keysCodebase = "ext:" + KEYS + "/";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (audited("step.outcome", keysCodebase) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(audited("step.outcome", keysCodebase) >= 2, "both calls of the authenticator audited");
        assertTrue(audited("sandbox.allowed", keysCodebase) >= 1, "its reads of its key file audited as allowed uses");
        assertEquals(0, audited("step.outcome", "ext:" + HEADERS + "/"), "the unconditional extension keeps the normal level");
        assertEquals(0, audited("sandbox.allowed", "ext:" + HEADERS + "/"));

        while (Instant.now().isBefore(end.plusSeconds(60)) && !"disabled".equals(extension(KEYS).get("state"))) {
            Thread.sleep(250);
        }
        Map<String, Object> ended = extension(KEYS);
        assertEquals("disabled", ended.get("state"), ended.toString());
        String reason = "the enable of " + KEYS + " " + ended.get("version") + " ended at " + end
                + " (condition time-limit [PT" + WINDOW_SECONDS + "S] (a trial))";
        assertEquals(reason, ended.get("disabledBecause"));
        assertNotEquals(200, traffic("/api/x", API_KEY).statusCode(), "its authenticator answers no more");
        assertEquals(200, traffic("/open/x", null).statusCode(), "the unconditional extension runs on");
        assertEquals(1, audited("extension.disabled", keysCodebase));
        assertTrue(element.gatehouse.logFile().contains("disabled: " + reason), element.gatehouse.logFile());
        CommandResult show = element.cliAs(OPERATOR, "ext", "show", KEYS);
        assertTrue(show.output().contains("disabledBecause: " + reason), show.output());
        HttpResponse<String> enable = element.api.post("extensions/" + KEYS + "/enable", ADMIN);
        String refused = enable.statusCode() == 202 ? element.api.confirm(enable) : enable.statusCode() + " " + enable.body();
        assertFalse(refused.contains(" confirmed: done"), "enable is refused once the window has ended: " + refused);
        assertTrue(refused.contains("ended at " + end), refused);

        element.kill();
        element.start();
        Map<String, Object> restarted = extension(KEYS);
        assertEquals("disabled", restarted.get("state"));
        assertEquals(reason, restarted.get("disabledBecause"));
        assertNotEquals(200, traffic("/api/x", API_KEY).statusCode());
    }
}
