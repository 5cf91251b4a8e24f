package org.gatehouse.itest.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.FreePort;
import org.gatehouse.itest.support.InstalledDistribution;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;

/**
 * A private copy of the distribution set up the way an operator would for the extension
 * lifecycle: one HTTP listener in front of a {@link CountingUpstream}, the management API on a
 * free loopback port, and management users with one token per role (tokens kept only as their
 * SHA-256 in {@code conf/management-users.xml}).
 */
public final class LifecycleElement implements AutoCloseable {
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    public static final String ADMIN = "admin-token-7f3a";
    public static final String OPERATOR = "operator-token-19c2";
    public static final String AUDITOR = "auditor-token-5b80";
    public static final String OFFICER = "officer-token-c44e";
    /** The token of the person at the host, who also confirms over the local socket. */
    public static final String HOST = "host-token-0d91";

    public final InstalledDistribution gatehouse;
    public final int listenerPort;
    public final int managementPort;
    public final ManagementClient api;

    /**
     * Qualification rules these tests' element runs with: the sample bundles are unsigned and
     * unlisted, and the secure default admits neither, so this element admits them by a rule of
     * its own, as installed (a test that needs other rules writes its own before the start).
     */
    public static final String TEST_RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <!-- the test samples are unsigned and unlisted: admitted on purpose, for these tests only -->
              <rule name="test-admits-unsigned" answer="enable" hash-scope="any"/>
            </qualification-rules>
            """;

    public LifecycleElement(CountingUpstream upstream, String extraProperties) {
        this(upstream, extraProperties, true);
    }

    /** @param testRules whether the element admits unsigned, unlisted bundles by {@link #TEST_RULES}; false: the secure default */
    public LifecycleElement(CountingUpstream upstream, String extraProperties, boolean testRules) {
        gatehouse = InstalledDistribution.copyOf(Distribution.located());
        if (testRules) {
            write("qualification-rules.xml", TEST_RULES);
        }
        listenerPort = FreePort.find();
        managementPort = FreePort.find();
        new ElementXml().listener("public", "http", listenerPort).pool("app", "10s", upstream.port())
                .route("all", "/", "app").writeTo(gatehouse.confDir());
        write("management-users.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<management-users xmlns=\"urn:gatehouse:management-users:1\">\n"
                + user("alice", "admin", ADMIN) + user("oscar", "operator", OPERATOR) + user("audrey", "auditor", AUDITOR)
                + user("sofia", "security-officer", OFFICER)
                // the person at the element's host: confirms commands over the local socket (docs/management.md "Confirmation")
                + "  <user name=\"" + ManagementClient.HOST_PERSON + "\"><role>admin</role><role>security-officer</role><token sha256=\""
                + sha256(HOST.getBytes(StandardCharsets.UTF_8)) + "\"/><local-account uid=\""
                + ownUid() + "\"/></user>\n"
                + "</management-users>\n");
        append("gatehouse.properties", "\ngatehouse.management.address=127.0.0.1:" + managementPort + "\n"
                + "gatehouse.flows.reload.interval=200\n" + extraProperties);
        api = new ManagementClient(managementPort, gatehouse);
    }

    public void start() {
        CommandResult start = gatehouse.command(COMMAND_TIMEOUT, "start");
        if (start.exitCode() != 0) {
            throw new AssertionError("bin/gatehouse start:\n" + start.output() + "\nlog:\n" + gatehouse.logFile());
        }
    }

    /** kill -9 of the element: no shutdown hook, nothing flushed that was not already. */
    public void kill() throws Exception {
        ProcessHandle element = gatehouse.elementProcess()
                .orElseThrow(() -> new AssertionError("no running element for " + gatehouse.dataDir()));
        element.destroyForcibly();
        element.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    public CommandResult cli(String... args) {
        return cliAs(ADMIN, args);
    }

    /** {@code bin/gatehouse ARGS} with the bearer token {@code token}. */
    public CommandResult cliAs(String token, String... args) {
        ProcessBuilder builder = gatehouse.processBuilder(args);
        builder.environment().put("GATEHOUSE_URL", "http://127.0.0.1:" + managementPort);
        builder.environment().put("GATEHOUSE_TOKEN", token);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/gatehouse " + String.join(" ", args) + " did not finish");
            }
            return new CommandResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path dataDir() {
        return gatehouse.dataDir();
    }

    public void write(String confFile, String content) {
        try {
            Files.writeString(gatehouse.confDir().resolve(confFile), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(String confFile, String content) {
        try {
            Files.writeString(gatehouse.confDir().resolve(confFile), content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uid this test runs as: the confirming person's local account, and the element's own. */
    private long ownUid() {
        try {
            Path probe = Files.createTempFile(gatehouse.home(), "uid", ".probe");
            long uid = ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
            Files.delete(probe);
            return uid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String user(String name, String role, String token) {
        return "  <user name=\"" + name + "\"><role>" + role + "</role><token sha256=\"" + sha256(token.getBytes(StandardCharsets.UTF_8))
                + "\"/></user>\n";
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gatehouse.command(COMMAND_TIMEOUT, "stop");
        gatehouse.close();
    }
}
