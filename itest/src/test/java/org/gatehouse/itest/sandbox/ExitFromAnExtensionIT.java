package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.gatehouse.itest.sandbox.extension.ExitOnStart;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.itest.support.FreePort;
import org.gatehouse.itest.support.InstalledDistribution;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exit row's granted column, where it cannot hurt: the real distribution as a process
 * ({@code bin/gatehouse}, the agent, the engine, the launcher installing {@code extensions/}),
 * with an extension whose activator calls {@code System.exit(42)} on a thread it starts. Under
 * the shipped policy (exit restricted) the request is rejected at merge, the exit is denied and
 * the element keeps running; under a system policy that makes exit overridable instead, the
 * element's process ends with 42.
 */
class ExitFromAnExtensionIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String EXTENSION = "org.gatehouse.itest.matrix.exit";
    private static final String POLICY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <extension-policy xmlns="urn:gatehouse:extension-policy:1">
              <permission type="runtime" name="createThread"/>
              <permission type="runtime" name="exitVM"/>
            </extension-policy>
            """;
    private static final String RESTRICTION = "    <permission type=\"runtime\" name=\"exitVM\"/>\n";

    private InstalledDistribution gatehouse;

    @BeforeEach
    void installWithTheExitingExtension() throws IOException {
        gatehouse = InstalledDistribution.copyOf(Distribution.located());
        writeExtension(gatehouse.home().resolve("extensions").resolve("exit.jar"));
        // off the shipped fixed ports; the data plane is not what this test is about
        Path elementXml = gatehouse.confDir().resolve("element.xml");
        Files.writeString(elementXml, Files.readString(elementXml).replace("port=\"8080\"", "port=\"" + FreePort.find() + "\"")
                .replace("port=\"8081\"", "port=\"" + FreePort.find() + "\""));
    }

    @AfterEach
    void remove() {
        gatehouse.close();
    }

    @Test
    void underTheShippedPolicyTheExitIsDeniedAndTheElementRunsOn() throws Exception {
        assertEquals(0, gatehouse.command(TIMEOUT, "start").exitCode(), gatehouse.logFile());
        try {
            String denial = "denied: codebase [ext:" + EXTENSION + "/1.0.0], class [" + ExitOnStart.class.getName()
                    + "], permission [runtime exitVM]";
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!gatehouse.logFile().contains(denial) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String log = gatehouse.logFile();
            assertTrue(log.contains(denial), "the denial is audited in the log:\n" + log);
            assertTrue(log.contains("intersects restriction [runtime exitVM]"), "the request was rejected at merge:\n" + log);
            assertEquals(0, gatehouse.command(TIMEOUT, "status").exitCode(), "the element is still running:\n" + log);
        } finally {
            CommandResult stop = gatehouse.command(TIMEOUT, "stop");
            assertEquals(0, stop.exitCode(), stop.output());
        }
    }

    @Test
    void whenExitIsOverridableAndRequestedTheElementExitsWithTheExtensionsStatus() throws IOException {
        Path systemPolicy = gatehouse.confDir().resolve("system-policy.xml");
        String shipped = Files.readString(systemPolicy);
        assertTrue(shipped.contains(RESTRICTION), "the shipped policy restricts exit:\n" + shipped);
        Files.writeString(systemPolicy, shipped.replace(RESTRICTION, "")
                .replace("<overridable>\n    <codebase/>\n", "<overridable>\n    <codebase/>\n" + RESTRICTION));

        CommandResult run = gatehouse.command(TIMEOUT, "run");

        assertEquals(ExitOnStart.STATUS, run.exitCode(), run.output());
    }

    private static void writeExtension(Path file) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", EXTENSION);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", ExitOnStart.class.getName());
        main.putValue("Import-Package", "org.osgi.framework");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            String classFile = ExitOnStart.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            try (InputStream in = ExitFromAnExtensionIT.class.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(jar);
            }
            jar.putNextEntry(new JarEntry("OSGI-INF/gatehouse/policy.xml"));
            jar.write(POLICY.getBytes(StandardCharsets.UTF_8));
        }
    }
}
