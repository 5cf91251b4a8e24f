package org.gatehouse.itest.sandbox;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.gatehouse.itest.lifecycle.LifecycleElement.OFFICER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itest.lifecycle.CountingUpstream;
import org.gatehouse.itest.lifecycle.LifecycleElement;
import org.gatehouse.itest.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacker, end to end in the real element ({@code bin/gatehouse}, the agent, the engine, the
 * flow engine calling a step on a request): an extension with an empty policy whose step tries to
 * hire the framework's {@code SecureAction} through every class loader it can reach, to read the
 * management users and the operator's {@code GATEHOUSE_TOKEN}, to reach the sandbox's decider
 * field, to silence the audit logger, and then the plain calls ({@link AttackerExtension},
 * {@code DeputyAttackStep}). Every attempt is denied or finds nothing to hire; no effect happens
 * (no marker file, no connection to the canary server, no secret in the answer, the element alive
 * and serving another route); each denied permission is in {@code <data>/audit/audit.log} for the
 * extension and the denials are counted in {@code /metrics}. The other side: once the security
 * officer grants the extension the canary's socket, its own plain connection goes through, and
 * the deputies stay out of reach. The element's own HTTP client, which the SDK hands every step, is
 * asked too: it sends nothing for an extension without the socket grant, and connects for it once
 * the grant is there.
 */
class DeputyAttackerIT {
    private static final String SECRET_TOKEN = "env-secret-5d1f08c2";
    private static final Pattern PERMISSION = Pattern.compile("permission \\[([^\\]]+)\\]");
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- every attempt is checked, denied and audited: more than the default 2s on a shared machine -->
              <settings step-timeout="30s"/>
              <message-type name="attack" flow="attack-flow"><match path-prefix="/attack"/></message-type>
              <flow name="attack-flow">
                <step bladelet="%s" extension="%s"/>
              </flow>
            </flows>
            """.formatted(AttackerExtension.BLADELET, AttackerExtension.NAME);
    /** Attempts whose outcome must be a sandbox denial, whatever the extension imports. */
    private static final List<String> MUST_BE_DENIED = List.of("get Bladelet.class.getClassLoader()",
            "get ClassLoader.getSystemClassLoader()", "get ClassLoader.getPlatformClassLoader()",
            "get message.getClass().getClassLoader()", "get message.headers().getClass().getClassLoader()",
            "read the users file directly", "System.getenv(GATEHOUSE_TOKEN)", "System.getenv()",
            "make Enforcement.decider accessible", "silence the audit logger", "reset java.util.logging",
            "plain ProcessBuilder", "plain Files.readString", "plain Files.writeString", "plain Socket", "plain System.exit",
            "SDK http to the canary");

    @TempDir
    Path canaryDir;

    private CountingUpstream upstream;
    private LifecycleElement element;
    private ServerSocket canary;
    private final AtomicInteger canaryConnections = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void prepare() throws IOException {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::countConnections, "canary-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        try {
            element.close();
        } finally {
            upstream.close();
            canary.close();
        }
    }

    @Test
    void uploadedOverRestWithOnlySdkImportsAndAnEmptyPolicy() throws Exception {
        startWithTheTokenInTheEnvironment();
        Path jar = AttackerExtension.write(canaryDir.resolveSibling(canaryDir.getFileName() + "-attacker.jar"), false);
        HttpResponse<String> uploaded = element.api.uploadWithPolicy(jar, AttackerExtension.EMPTY_POLICY, ADMIN);
        element.api.done(uploaded);
        putFlows();

        Map<String, String> report = attack();
        assertEverythingDeniedAndNothingHappened(report);
        assertEquals("UNREACHABLE", outcome(report, "FrameworkUtil.getBundle(message.getClass())"),
                "without importing org.osgi.framework it has no FrameworkUtil");
        assertAuditedAndCounted(report);
        assertTheElementServesOn();

        grantTheCanarySocketAndAttackAgain();
    }

    @Test
    void droppedIntoExtensionsBeforeStartWithTheFrameworkApiImported() throws Exception {
        AttackerExtension.write(element.gatehouse.home().resolve("extensions").resolve("attacker.jar"), true);
        startWithTheTokenInTheEnvironment();
        putFlows();

        Map<String, String> report = attack();
        assertEverythingDeniedAndNothingHappened(report);
        // FrameworkUtil is its own to use: it looks the class's loader up itself (the JDK's reflection
        // and FrameworkUtil's own lookup are not the extension's requests), and hands out only a
        // Bundle, whose context and wiring are denied to anyone but its own code
        assertEquals("FOUND", outcome(report, "FrameworkUtil.getBundle(message.getClass())"), report.toString());
        assertEquals("DENIED", outcome(report, "message bundle's getBundleContext()"), report.toString());
        assertEquals("DENIED", outcome(report, "message bundle's adapt(BundleWiring)"), report.toString());
        assertEquals("DENIED", outcome(report, "get message bundle's wiring loader"), report.toString());
        assertEquals("DENIED", outcome(report, "get Bundle.class.getClassLoader()"), report.toString());
        assertAuditedAndCounted(report);
        assertTheElementServesOn();
    }

    /** The other side: a grant works for the extension's own code, and hires no deputy. */
    private void grantTheCanarySocketAndAttackAgain() throws Exception {
        String policy = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                + "  <permission type=\"socket\" name=\"127.0.0.1:" + canary.getLocalPort() + "\" actions=\"connect\"/>\n"
                + "</extension-policy>\n";
        HttpResponse<String> granted = element.api.putXml("extensions/" + AttackerExtension.NAME + "/policy", policy, OFFICER);
        element.api.done(granted);

        Map<String, String> report = attack();
        assertTrue(report.get("plain Socket").startsWith("DONE"), "the granted socket is the extension's to open: " + report);
        // the element's client now connects for it, as its grant allows; the canary counts and never answers
        // HTTP (it may close first, or keep the connection until the request's timeout)
        assertTrue(report.get("SDK http to the canary").startsWith("FAILED java.lang.IllegalStateException: sent, no answer: "),
                report.toString());
        // the extension's own connection and its client's (which retries, once, a GET the canary closed
        // unanswered, as the JDK's client does for an idempotent request); before the grant there were none
        int connections = awaitConnections(2);
        assertTrue(connections == 2 || connections == 3, "the extension's own connection and its client's reached the canary: "
                + connections);
        report.remove("plain Socket");
        report.remove("SDK http to the canary");
        assertNoEffect(report);
        assertEquals("DENIED", outcome(report, "read the users file directly"), report.toString());
    }

    private void assertEverythingDeniedAndNothingHappened(Map<String, String> report) throws Exception {
        assertNoEffect(report);
        for (String attempt : MUST_BE_DENIED) {
            assertEquals("DENIED", outcome(report, attempt), attempt + " in " + report);
        }
        assertEquals(0, canaryConnections.get(), "no connection reached the canary: " + report);
    }

    /** Nothing worked, nothing was written, started or read, and no secret is in the answer. */
    private void assertNoEffect(Map<String, String> report) throws IOException {
        report.forEach((attempt, outcome) -> {
            assertFalse(outcome.startsWith("DONE"), "a hole: " + attempt + ": " + outcome);
            assertFalse(outcome.startsWith("FAILED"), "not a denial: " + attempt + ": " + outcome);
        });
        report.entrySet().stream().filter(entry -> entry.getKey().startsWith("SecureAction"))
                .forEach(entry -> assertTrue(entry.getKey().endsWith(": load"), "SecureAction was never had: " + entry));
        String text = report.toString();
        assertFalse(text.contains(SECRET_TOKEN), "the environment's token leaked: " + text);
        assertFalse(text.contains(LifecycleElement.sha256(ADMIN.getBytes(StandardCharsets.UTF_8))), "the users file leaked: " + text);
        try (var files = Files.list(canaryDir)) {
            assertEquals(List.of(), files.toList(), "no process marker and no file written");
        }
    }

    /** Each permission denied is in the audit file for the extension, and the metric counts at least as many denials. */
    private void assertAuditedAndCounted(Map<String, String> report) throws Exception {
        List<String> permissions = new ArrayList<>();
        report.values().stream().filter(outcome -> outcome.startsWith("DENIED")).forEach(outcome -> {
            Matcher permission = PERMISSION.matcher(outcome);
            assertTrue(permission.find(), "a denial names its permission: " + outcome);
            permissions.add(permission.group(1));
        });
        Path audit = element.dataDir().resolve("audit").resolve("audit.log");
        for (String permission : permissions) {
            awaitAuditLine(audit, permission);
        }
        long counted = deniedCount();
        assertTrue(counted >= permissions.size(), "counted " + counted + " denials for " + permissions.size() + " denied attempts");
    }

    private void awaitAuditLine(Path audit, String permission) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> lines = Files.isRegularFile(audit) ? Files.readAllLines(audit) : List.of();
            if (lines.stream().anyMatch(line -> line.contains("\"action\":\"sandbox.denied\"")
                    && line.contains(AttackerExtension.CODEBASE) && line.contains("permission [" + permission + "]"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no sandbox.denied line for " + permission + " in " + audit + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(100);
        }
    }

    private long deniedCount() {
        HttpResponse<String> metrics = element.api.get("/metrics", ADMIN);
        assertEquals(200, metrics.statusCode(), metrics.body());
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("gatehouse_sandbox_denials_total{") && line.contains("\"" + AttackerExtension.CODEBASE + "\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no denial counter for " + AttackerExtension.CODEBASE + ":\n" + metrics.body());
    }

    private void assertTheElementServesOn() throws Exception {
        long before = upstream.requests();
        HttpResponse<String> other = get("/elsewhere", Map.of());
        assertEquals(200, other.statusCode(), other.body());
        assertEquals(before + 1, upstream.requests());
        assertTrue(element.gatehouse.elementProcess().isPresent(), "the element's process is alive");
        assertEquals(0, element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "status").exitCode());
    }

    /** Sends the attack request; the step's answer, one attempt per line, by attempt. */
    private Map<String, String> attack() throws Exception {
        HttpResponse<String> answer = get("/attack", Map.of("X-Canary-Dir", canaryDir.toString(),
                "X-Users-File", element.gatehouse.confDir().resolve("management-users.xml").toString(),
                "X-Canary-Socket", "127.0.0.1:" + canary.getLocalPort()));
        assertEquals(200, answer.statusCode(), answer.body() + "\nlog:\n" + element.gatehouse.logFile());
        // the whole answer in the test's output: what each attempt met, for whoever reads the report
        System.out.println("the attacker's report:\n" + answer.body());
        Map<String, String> report = new LinkedHashMap<>();
        for (String line : answer.body().split("\n")) {
            int split = outcomeStart(line);
            report.put(line.substring(0, split), line.substring(split + 2));
        }
        assertTrue(report.size() > MUST_BE_DENIED.size(), "the step reported its attempts: " + answer.body());
        return report;
    }

    /** Where "attempt: OUTCOME ..." splits: before the first ": " followed by an outcome word. */
    private static int outcomeStart(String line) {
        Matcher outcome = Pattern.compile(": (DENIED|UNREACHABLE|FAILED|DONE|OWN|BOOT|FOUND)\\b").matcher(line);
        if (!outcome.find()) {
            throw new AssertionError("not an attempt line: " + line);
        }
        return outcome.start();
    }

    private static String outcome(Map<String, String> report, String attempt) {
        String outcome = report.get(attempt);
        if (outcome == null) {
            throw new AssertionError("no attempt " + attempt + " in " + report);
        }
        return outcome.split(" ", 2)[0];
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + element.listenerPort + path))
                .timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        return TestClients.sendForText(client, request.build());
    }

    private void putFlows() {
        HttpResponse<String> flows = element.api.putXml("flows", FLOWS, ADMIN);
        element.api.done(flows);
    }

    /** {@code bin/gatehouse start} with the operator's token exported, as a careless shell would leave it. */
    private void startWithTheTokenInTheEnvironment() throws Exception {
        Path output = Files.createTempFile(canaryDir.getParent(), "start", ".out");
        ProcessBuilder start = element.gatehouse.processBuilder("start").redirectOutput(output.toFile());
        start.environment().put("GATEHOUSE_TOKEN", SECRET_TOKEN);
        Process process = start.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(LifecycleElement.COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "start finished");
        assertEquals(0, process.exitValue(), Files.readString(output) + "\nlog:\n" + element.gatehouse.logFile());
    }

    private void countConnections() {
        while (!canary.isClosed()) {
            try (Socket ignored = canary.accept()) {
                canaryConnections.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private int awaitConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (canaryConnections.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        return canaryConnections.get();
    }
}
