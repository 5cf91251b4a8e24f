package org.gatehouse.itest.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The fail-closed rule for the configuration files the extension side reads, on the distribution
 * as an operator runs it (the shipped configuration moved to free ports): an extension's policy
 * file in {@code conf/extension-policies/}, {@code conf/qualification-rules.xml} and
 * {@code conf/signature-db.xml} that do not read make {@code bin/gatehouse run} exit 1 with one
 * line {@code file [line:col] /path: reason} and no stack trace, as a bad {@code flows.xml} does;
 * the same files made valid start. A policy file broken while the element runs is reported with
 * its place and changes nothing else.
 */
class ConfigurationRefusalIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private InstalledDistribution gatehouse;
    private int listenerPort;

    @BeforeEach
    void installCopyWithFreePorts() throws IOException {
        gatehouse = InstalledDistribution.copyOf(Distribution.located());
        listenerPort = FreePort.find();
        Path elementXml = gatehouse.confDir().resolve(ElementXml.FILE_NAME);
        ElementXml.replaceAtomically(elementXml, Files.readString(elementXml)
                .replace("port=\"8080\"", "port=\"" + listenerPort + "\"")
                .replace("port=\"8081\"", "port=\"" + FreePort.find() + "\""));
    }

    @AfterEach
    void removeCopy() {
        gatehouse.close();
    }

    @Test
    void anExtensionPolicyFileThatDoesNotReadRefusesToStart() throws Exception {
        Path file = Files.createDirectories(gatehouse.confDir().resolve("extension-policies")).resolve("com.acme.limiter.xml");
        Files.writeString(file, "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                + "  <permission type=\"socket\" actions=\"connect\"/>\n</extension-policy>\n");

        assertRunRefused("extension-policies/com\\.acme\\.limiter\\.xml \\[2:\\d+\\] /extension-policy/permission\\[1\\]: "
                + "Attribute 'name' must appear on element 'permission'\\.");

        Files.writeString(file, "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                + "  <permission type=\"socket\" name=\"127.0.0.1:6379\" actions=\"connect\"/>\n</extension-policy>\n");
        assertStartsAndStops();
    }

    @Test
    void qualificationRulesThatDoNotReadRefuseToStart() throws Exception {
        Path file = gatehouse.confDir().resolve("qualification-rules.xml");
        Files.writeString(file, "<qualification-rules xmlns=\"urn:gatehouse:qualification-rules:1\">\n"
                + "  <rule name=\"vendor\" answer=\"enable\"/>\n"
                + "  <rule name=\"review\" answer=\"conditional-enable\"/>\n</qualification-rules>\n");

        assertRunRefused("qualification-rules\\.xml \\[3:\\d+\\] /qualification-rules/rule\\[2\\]: "
                + "rule \\[review\\] answers conditional-enable but names no condition");

        Files.writeString(file, "<qualification-rules xmlns=\"urn:gatehouse:qualification-rules:1\">\n"
                + "  <rule name=\"vendor\" answer=\"enable\"/>\n</qualification-rules>\n");
        assertStartsAndStops();
    }

    @Test
    void aSignatureDatabaseThatDoesNotReadRefusesToStart() throws Exception {
        Path file = gatehouse.confDir().resolve("signature-db.xml");
        Files.writeString(file, "<signature-database xmlns=\"urn:gatehouse:signature-database:1\">\n"
                + "  <entry sha256=\"" + "ab".repeat(32) + "\" added-by=\"sofia\" added-at=\"2026-11-01T09:00:00\">"
                + "<reference-group>approved</reference-group></entry>\n</signature-database>\n");

        assertRunRefused("signature-db\\.xml \\[2:\\d+\\] /signature-database/entry\\[1\\]: added-at \\[2026-11-01T09:00:00\\] "
                + "is not an instant in UTC");

        Files.writeString(file, Files.readString(file).replace("09:00:00\"", "09:00:00Z\""));
        assertStartsAndStops();
    }

    @Test
    void aPolicyFileBrokenWhileRunningIsReportedWithItsPlace() throws Exception {
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "start").exitCode(), gatehouse.logFile());
        Path file = Files.createDirectories(gatehouse.confDir().resolve("extension-policies")).resolve("com.acme.limiter.xml");
        Files.writeString(file, "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n  <oops/>\n</extension-policy>\n");

        // an edit by hand is a command awaiting confirmation; one that does not read is aborted at once (docs/management.md "Hand edits")
        Pattern reported = Pattern.compile("conf/extension-policies/com\\.acme\\.limiter\\.xml was edited by hand and is not put in force: "
                + "command [0-9a-f-]{36} aborted: extension-policies/com\\.acme\\.limiter\\.xml \\[2:\\d+\\] /extension-policy[^:]*: ");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!reported.matcher(gatehouse.logFile()).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(reported.matcher(gatehouse.logFile()).find(), "the broken file, with its place, in the log:\n" + gatehouse.logFile());
        assertEquals(200, get("/hello").statusCode(), "traffic is served as before");
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "stop").exitCode());
        // never in force, so it does not stop the next start either
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "start").exitCode(), gatehouse.logFile());
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "stop").exitCode());
    }

    /** {@code run} exits 1 with the refusal on one line and no stack trace, and leaves no element running. */
    private void assertRunRefused(String expected) {
        CommandResult run = gatehouse.command(COMMAND_TIMEOUT, "run");
        assertEquals(1, run.exitCode(), "run with the file:\n" + run.output());
        assertTrue(Pattern.compile("failed to start: " + expected).matcher(run.output()).find(), "the refusal in the output:\n" + run.output());
        assertFalse(run.output().contains("thrown=") || run.output().contains("\tat "), "no stack trace in the output:\n" + run.output());
        assertFalse(gatehouse.elementProcess().isPresent(), "no element left running");
    }

    private void assertStartsAndStops() throws Exception {
        CommandResult start = gatehouse.command(COMMAND_TIMEOUT, "start");
        assertEquals(0, start.exitCode(), "start with the file made valid:\n" + start.output() + "\nlog:\n" + gatehouse.logFile());
        assertEquals(200, get("/hello").statusCode());
        assertEquals(0, gatehouse.command(COMMAND_TIMEOUT, "stop").exitCode());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listenerPort + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return TestClients.http1().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
