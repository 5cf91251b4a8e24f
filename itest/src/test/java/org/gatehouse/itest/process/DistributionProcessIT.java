package org.gatehouse.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.gatehouse.itest.support.Distribution;
import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.FreePort;
import org.gatehouse.itest.support.InstalledDistribution;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.gatehouse.itest.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distribution as an operator runs it: {@code bin/gatehouse run|start|status|stop} on a
 * private copy with the shipped configuration (moved to free ports), traffic through the built-in
 * demo upstream, a clean exit on SIGTERM, a start-up refused over a bad {@code element.xml} with
 * the place of the error, and a start after {@code kill -9}.
 */
class DistributionProcessIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** What the README promises: {@code curl http://127.0.0.1:8080/hello} through the demo upstream on 8081. */
    private static final int SHIPPED_LISTENER_PORT = 8080;
    private static final int SHIPPED_DEMO_PORT = 8081;

    private InstalledDistribution gatehouse;
    private int listenerPort;

    @BeforeEach
    void installCopyWithFreePorts() throws IOException {
        gatehouse = InstalledDistribution.copyOf(Distribution.located());
        listenerPort = FreePort.find();
        int demoPort = FreePort.find();
        // the shipped element.xml, moved off its fixed ports so that runs can share the machine
        Path elementXml = gatehouse.confDir().resolve(ElementXml.FILE_NAME);
        String shipped = Files.readString(elementXml);
        assertTrue(shipped.contains("port=\"" + SHIPPED_LISTENER_PORT + "\"") && shipped.contains("port=\"" + SHIPPED_DEMO_PORT + "\""),
                "the shipped element.xml listens on " + SHIPPED_LISTENER_PORT + " with the demo upstream on "
                        + SHIPPED_DEMO_PORT + ":\n" + shipped);
        ElementXml.replaceAtomically(elementXml, shipped
                .replace("port=\"" + SHIPPED_LISTENER_PORT + "\"", "port=\"" + listenerPort + "\"")
                .replace("port=\"" + SHIPPED_DEMO_PORT + "\"", "port=\"" + demoPort + "\""));
    }

    @AfterEach
    void removeCopy() {
        gatehouse.close();
    }

    @Test
    void startServesThroughTheDemoUpstreamAndStopExitsCleanly() throws Exception {
        CommandResult start = gatehouse.command(COMMAND_TIMEOUT, "start");
        assertEquals(0, start.exitCode(), "bin/gatehouse start:\n" + start.output());

        HttpResponse<String> response = hello();
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("/hello"), "the demo upstream echoes the path: " + response.body());

        CommandResult status = gatehouse.command(COMMAND_TIMEOUT, "status");
        assertEquals(0, status.exitCode(), "bin/gatehouse status while running:\n" + status.output());
        long pid = gatehouse.pid().orElseThrow(() -> new AssertionError("no pid file in " + gatehouse.dataDir()));

        CommandResult stop = gatehouse.command(COMMAND_TIMEOUT, "stop");
        assertEquals(0, stop.exitCode(), "bin/gatehouse stop:\n" + stop.output());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "element process " + pid + " still alive");
        CommandResult after = gatehouse.command(COMMAND_TIMEOUT, "status");
        assertEquals(3, after.exitCode(), "status after a clean stop is 'not running' (3):\n" + after.output());
        assertTrue(SHUTDOWN_LINE.matcher(gatehouse.logFile()).find(), "shutdown line in the log:\n" + gatehouse.logFile());
    }

    @Test
    void runInForegroundExitsZeroOnSigterm() throws Exception {
        Process process = gatehouse.processBuilder("run").start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> collect(process, output, ready), "gatehouse-output");
        reader.start();
        try {
            ready.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, hello().statusCode());

            // SIGTERM on Unix; through the handle because Process.destroy also closes the output pipe
            // and the last lines (the shutdown ones) would be lost
            process.toHandle().destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "no exit within 30 s of SIGTERM:\n" + output);
            reader.join(5000);
            assertEquals(0, process.exitValue(), "exit code after SIGTERM; output:\n" + output);
            assertTrue(SHUTDOWN_LINE.matcher(output).find(), "shutdown line in the output:\n" + output);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void badElementXmlRefusesToStartAndSaysWhere() throws Exception {
        String invalid = new ElementXml().listener("public", "http", listenerPort).render()
                .replace("port=\"" + listenerPort + "\"", "port=\"eighty\"");
        ElementXml.replaceAtomically(gatehouse.confDir().resolve(ElementXml.FILE_NAME), invalid);

        CommandResult run = gatehouse.command(COMMAND_TIMEOUT, "run");

        assertNotEquals(0, run.exitCode(), "run with a bad element.xml:\n" + run.output());
        assertTrue(Pattern.compile("element\\.xml \\[3:\\d+\\] /element/listener").matcher(run.output()).find(),
                "file, line:column and element path in the output:\n" + run.output());

        CommandResult start = gatehouse.command(COMMAND_TIMEOUT, "start");
        assertNotEquals(0, start.exitCode(), "start with a bad element.xml:\n" + start.output());
        assertTrue(start.output().contains("element.xml [3:"), "start shows why:\n" + start.output());
    }

    /** A flow that protects {@code /secure} with a built-in authenticator, as an operator would write it by hand. */
    private static String protectingFlows(String poolSize) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<flows xmlns=\"urn:gatehouse:flows:1\">\n"
                + "  <authenticator name=\"corp\" bladelet=\"ldap\">\n"
                + "    <param name=\"server\" value=\"127.0.0.1:1\"/><param name=\"pool-size\" value=\"" + poolSize + "\"/>"
                + "<param name=\"user-dn-template\" value=\"uid={user},ou=people,dc=example,dc=com\"/>\n"
                + "  </authenticator>\n"
                + "  <message-type name=\"secure\" flow=\"login\"><match path-prefix=\"/secure\"/><credentials><basic/></credentials></message-type>\n"
                + "  <flow name=\"login\"><step bladelet=\"authenticate\"><param name=\"method\" value=\"corp\"/></step></flow>\n"
                + "</flows>\n";
    }

    @Test
    void flowsXmlWithATagMissingRefusesToStartAndSaysWhere() throws Exception {
        String missingEndTag = protectingFlows("8").replace("<credentials><basic/></credentials></message-type>", "");
        ElementXml.replaceAtomically(gatehouse.confDir().resolve("flows.xml"), missingEndTag);

        CommandResult run = gatehouse.command(COMMAND_TIMEOUT, "run");
        assertEquals(1, run.exitCode(), "run with an invalid flows.xml:\n" + run.output());
        assertRefusalLine(run.output(), "flows\\.xml \\[7:\\d+\\] /flows/message-type\\[1\\]/flow\\[1\\]: ");

        CommandResult start = gatehouse.command(COMMAND_TIMEOUT, "start");
        assertEquals(1, start.exitCode(), "start with an invalid flows.xml:\n" + start.output());
        assertTrue(start.output().contains("flows.xml [7:"), "start shows why:\n" + start.output());
        assertFalse(gatehouse.elementProcess().isPresent(), "no element left running");
    }

    @Test
    void flowsXmlWithAParameterTheBladeletRefusesRefusesToStart() throws Exception {
        ElementXml.replaceAtomically(gatehouse.confDir().resolve("flows.xml"), protectingFlows("0"));

        CommandResult run = gatehouse.command(COMMAND_TIMEOUT, "run");

        assertEquals(1, run.exitCode(), "run with a pool size of 0:\n" + run.output());
        assertRefusalLine(run.output(), "flows\\.xml \\[3:\\d+\\] /flows/authenticator\\[1\\]: bladelet 'ldap' parameter 'pool-size': "
                + "0 is below the minimum 1");
    }

    @Test
    void aHandEditTheApiWouldRefuseIsNotPutInForce() throws Exception {
        ElementXml.replaceAtomically(gatehouse.confDir().resolve("flows.xml"), protectingFlows("8"));
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "start").exitCode(), gatehouse.logFile());
        assertEquals(401, get("/secure/x").statusCode(), "no credentials for the protected path");

        ElementXml.replaceAtomically(gatehouse.confDir().resolve("flows.xml"), protectingFlows("0"));
        // an edit by hand is a command awaiting confirmation; one the API would refuse is aborted at its submission (docs/management.md "Hand edits")
        Pattern refused = Pattern.compile("conf/flows\\.xml was edited by hand and is not put in force: command [0-9a-f-]{36} aborted: "
                + ".*flows\\.xml \\[3:\\d+\\] /flows/authenticator\\[1\\]: bladelet 'ldap' parameter 'pool-size': 0 is below the minimum 1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!refused.matcher(gatehouse.logFile()).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(refused.matcher(gatehouse.logFile()).find(), "the refusal, with its place, in the log:\n" + gatehouse.logFile());
        assertEquals(401, get("/secure/x").statusCode(), "the last good flows still protect the path");
        assertEquals(200, hello().statusCode(), "other paths are served");
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "stop").exitCode());
    }

    /** The launcher's refusal is one line, with no stack trace anywhere in the output. */
    private static void assertRefusalLine(String output, String expected) {
        assertTrue(Pattern.compile("failed to start: " + expected).matcher(output).find(), "the refusal in the output:\n" + output);
        assertFalse(output.contains("thrown=") || output.contains("\tat "), "no stack trace in the output:\n" + output);
    }

    @Test
    void startsAgainAfterKillMinusNine() throws Exception {
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "start").exitCode());
        ProcessHandle element = gatehouse.elementProcess()
                .orElseThrow(() -> new AssertionError("no running element for the pid file in " + gatehouse.dataDir()));

        element.destroyForcibly(); // SIGKILL: no shutdown hook runs, pid file and cache stay behind
        element.onExit().get(30, TimeUnit.SECONDS);
        CommandResult dead = gatehouse.command(COMMAND_TIMEOUT, "status");
        assertEquals(1, dead.exitCode(), "status with a pid file left by kill -9 is 'dead' (1):\n" + dead.output());

        CommandResult again = gatehouse.command(COMMAND_TIMEOUT, "start");
        assertEquals(0, again.exitCode(), "start after kill -9:\n" + again.output());
        assertEquals(200, hello().statusCode());
        assertNotEquals(element.pid(), gatehouse.pid().orElseThrow());
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "stop").exitCode());
    }

    private static final Pattern SHUTDOWN_LINE = Pattern.compile("gatehouse stopped in \\d+ ms");

    private HttpResponse<String> hello() throws IOException, InterruptedException {
        return get("/hello");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listenerPort + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return TestClients.http1().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void collect(Process process, StringBuilder output, CompletableFuture<Void> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                // the element is ready once started, not when its listeners are: until the flows are
                // loaded the data plane answers 503
                if (line.contains("gatehouse started in")) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new AssertionError("the element exited before 'gatehouse started':\n" + output));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }
}
