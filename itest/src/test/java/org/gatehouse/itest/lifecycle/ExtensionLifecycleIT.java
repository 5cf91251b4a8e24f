package org.gatehouse.itest.lifecycle;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.gatehouse.itest.lifecycle.LifecycleElement.AUDITOR;
import static org.gatehouse.itest.lifecycle.LifecycleElement.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "extensions end to end", in the real distribution started by {@code bin/gatehouse}: an
 * admin takes the sample extensions from their packaged jars to serving traffic over REST,
 * upgrades one under continuous load with zero failed requests, disables and removes it; every
 * change survives a kill -9; the CLI drives the same API.
 */
class ExtensionLifecycleIT {
    private static final String API_KEY = "k-93a1c5e0d2";
    private static final String HEADERS = "org.gatehouse.sample.header-rewrite";
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <authenticator name="keys" bladelet="api-key-auth" extension="org.gatehouse.sample.api-key-auth"/>
              <message-type name="api" flow="api-flow">
                <match path-prefix="/api"/>
                <credentials><header header="X-Api-Key"/></credentials>
              </message-type>
              <flow name="api-flow">
                <step bladelet="authenticate"><param name="method" value="keys"/></step>
                <step bladelet="header-rewrite" extension="org.gatehouse.sample.header-rewrite">
                  <param name="principal-header" value="X-User"/>
                </step>
              </flow>
            </flows>
            """;

    @TempDir
    Path work;

    private CountingUpstream upstream;
    private LifecycleElement element;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        element.start();
    }

    @AfterEach
    void stop() {
        element.close();
        upstream.close();
    }

    @Test
    void sampleExtensionsServeTrafficAndAreUpgradedDisabledAndRemovedUnderLoad() throws Exception {
        installSamplesAndFlows();

        long before = upstream.requests();
        HttpResponse<String> anonymous = traffic("/api/orders", null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isPresent(), "a challenge for the client");
        assertEquals(401, traffic("/api/orders", "not-a-key").statusCode());
        assertEquals(before, upstream.requests(), "refused messages never reach the upstream");

        HttpResponse<String> authenticated = traffic("/api/orders", API_KEY);
        assertEquals(200, authenticated.statusCode(), authenticated.body());
        assertEquals("upstream saw /api/orders as alice", authenticated.body());
        assertEquals(200, traffic("/static/page", null).statusCode(), "other traffic keeps the fast path");

        // upgrade under continuous load: not one request may fail
        Path next = SampleJars.withVersion(SampleJars.sample("header-rewrite"), "0.2.0", work);
        try (Load load = new Load(3)) {
            load.awaitRequests(50);
            HttpResponse<String> upgrade = element.api.uploadJar("PUT", "extensions/" + HEADERS, next, ADMIN);
            element.api.done(upgrade);
            long atUpgrade = load.completed.get();
            load.awaitRequests(atUpgrade + 50);
            load.stop();
            assertEquals(List.of(), List.copyOf(load.failures), "failed requests during the upgrade");
        }
        assertTrue(element.api.get("extensions/" + HEADERS, ADMIN).body().contains("\"version\" : \"0.2.0\""));
        assertEquals(200, traffic("/api/orders", API_KEY).statusCode());

        // disabled: its step fails closed, nothing is forwarded; enabled again: served again
        element.api.done(element.api.post("extensions/" + HEADERS + "/disable", ADMIN));
        long whileDisabled = upstream.requests();
        assertEquals(503, traffic("/api/orders", API_KEY).statusCode());
        assertEquals(whileDisabled, upstream.requests());
        element.api.done(element.api.post("extensions/" + HEADERS + "/enable", ADMIN));
        assertEquals(200, traffic("/api/orders", API_KEY).statusCode());

        // removed: gone from the list, its step fails closed
        element.api.done(element.api.delete("extensions/" + HEADERS, ADMIN));
        assertFalse(element.api.get("extensions", ADMIN).body().contains(HEADERS));
        assertEquals(503, traffic("/api/orders", API_KEY).statusCode());
    }

    @Test
    void everyChangeSurvivesKillMinusNine() throws Exception {
        installSamplesAndFlows();
        element.api.done(element.api.post("extensions/" + HEADERS + "/disable", ADMIN));

        element.kill();
        element.start();

        String listed = element.api.get("extensions", AUDITOR).body();
        assertTrue(listed.contains(KEYS) && listed.contains(HEADERS), listed);
        assertTrue(element.api.get("extensions/" + HEADERS, AUDITOR).body().contains("\"state\" : \"disabled\""));
        assertEquals(503, traffic("/api/orders", API_KEY).statusCode(), "still disabled after the restart");
        element.api.done(element.api.post("extensions/" + HEADERS + "/enable", ADMIN));
        assertEquals("upstream saw /api/orders as alice", traffic("/api/orders", API_KEY).body(),
                "flows and the extensions' data folder came back");
    }

    @Test
    void theCliDrivesTheSameApi() throws Exception {
        CommandResult upload = element.cli("ext", "upload", SampleJars.sample("rate-limiter").toString());
        assertEquals(0, upload.exitCode(), upload.output());
        element.api.confirmPrinted(upload.output());
        CommandResult list = element.cli("ext", "list");
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains("org.gatehouse.sample.rate-limiter"), list.output());
        CommandResult missing = element.cli("ext", "show", "org.example.nothing");
        assertEquals(1, missing.exitCode(), missing.output());

        // its flow, put in force through the CLI: two requests an hour per client, the third is refused
        Path flows = work.resolve("limit-flows.xml");
        Files.writeString(flows, """
                <?xml version="1.0" encoding="UTF-8"?>
                <flows xmlns="urn:gatehouse:flows:1">
                  <message-type name="limited" flow="limit"><match path-prefix="/limited"/></message-type>
                  <flow name="limit">
                    <step bladelet="rate-limiter" extension="org.gatehouse.sample.rate-limiter">
                      <param name="rate" value="1"/><param name="period" value="1h"/><param name="burst" value="2"/>
                    </step>
                  </flow>
                </flows>
                """);
        CommandResult replaced = element.cli("flows", "replace", flows.toString());
        assertEquals(0, replaced.exitCode(), replaced.output());
        element.api.confirmPrinted(replaced.output());
        long before = upstream.requests();
        assertEquals(200, traffic("/limited/a", null).statusCode());
        assertEquals(200, traffic("/limited/b", null).statusCode());
        HttpResponse<String> limited = traffic("/limited/c", null);
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent(), "the client is told when to come back");
        assertEquals(before + 2, upstream.requests(), "the refused request was not forwarded");
        assertEquals(200, traffic("/elsewhere", null).statusCode(), "other traffic is not limited");
    }

    @Test
    void wrongRoleOrNoCredentialsAreRefusedAndChangeNothing() throws Exception {
        Path jar = SampleJars.sample("rate-limiter");
        assertEquals(401, element.api.uploadJar("POST", "extensions", jar, null).statusCode());
        assertEquals(401, element.api.uploadJar("POST", "extensions", jar, "no-such-token").statusCode());
        HttpResponse<String> operator = element.api.uploadJar("POST", "extensions", jar, OPERATOR);
        assertEquals(403, operator.statusCode(), operator.body());
        assertEquals(403, element.api.uploadJar("POST", "extensions", jar, AUDITOR).statusCode());
        assertEquals(200, element.api.get("extensions", OPERATOR).statusCode(), "operators may look");
        assertFalse(element.api.get("extensions", ADMIN).body().contains("rate-limiter"), "nothing was installed");
    }

    private void installSamplesAndFlows() throws Exception {
        for (String sample : List.of("api-key-auth", "header-rewrite")) {
            HttpResponse<String> installed = element.api.uploadJar("POST", "extensions", SampleJars.sample(sample), ADMIN);
            assertTrue(element.api.done(installed).contains("confirmed: done: installed "), "installed and enabled");
        }
        Path keys = element.dataDir().resolve("extensions").resolve(KEYS).resolve("api-keys.txt");
        Files.createDirectories(keys.getParent());
        Files.writeString(keys, "k1:" + LifecycleElement.sha256(API_KEY.getBytes(StandardCharsets.UTF_8)) + ":alice\n");
        HttpResponse<String> flows = element.api.putXml("flows", FLOWS, ADMIN);
        element.api.done(flows);
    }

    private HttpResponse<String> traffic(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + element.listenerPort + path))
                .timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Clients sending authenticated requests back to back until stopped; every answer other than the upstream's 200 is a failure. */
    private final class Load implements AutoCloseable {
        final AtomicLong completed = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> clients;

        Load(int clientCount) {
            clients = java.util.stream.IntStream.range(0, clientCount).mapToObj(i -> new Thread(this::run, "load-" + i)).toList();
            clients.forEach(Thread::start);
        }

        private void run() {
            while (running.get()) {
                try {
                    HttpResponse<String> response = traffic("/api/load", API_KEY);
                    if (response.statusCode() != 200 || !response.body().endsWith(" as alice")) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                completed.incrementAndGet();
            }
        }

        void awaitRequests(long count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (completed.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(completed.get() >= count, "load reached " + completed.get() + " requests, wanted " + count);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : clients) {
                thread.join(30_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
