package org.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's systemd unit: systemd's own checker reads it without a complaint (no unknown
 * key, no setting it would ignore) with its paths pointed at a real copy of {@code bin/gatehouse},
 * and the hardening it promises is in it. It is not started under systemd here: the tests do not
 * run with systemd as the init system.
 */
class SystemdUnitTest {
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path folder;

    private static String unit() throws Exception {
        return Files.readString(TestHome.distSources().resolve("systemd/gatehouse.service"), StandardCharsets.UTF_8);
    }

    @Test
    void systemdReadsTheUnitWithoutAComplaint() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Path home = folder.resolve("gatehouse");
        Path script = Files.createDirectories(home.resolve("bin")).resolve("gatehouse");
        Files.copy(TestHome.distSources().resolve("bin/gatehouse"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = Files.writeString(folder.resolve("gatehouse.service"), unit().replace("/opt/gatehouse", home.toString()));

        Process verify = new ProcessBuilder(ANALYZE.toString(), "verify", "--man=no", unit.getFileName().toString())
                .directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));

        assertEquals(0, verify.exitValue(), output);
        // a unit systemd accepts with a warning runs without what the warning names
        assertEquals("", output.lines().filter(l -> l.contains(unit.getFileName().toString())).reduce("", (a, b) -> a + b + "\n"));
    }

    @Test
    void itCarriesTheHardeningItsReadmePromises() throws Exception {
        List<String> lines = unit().lines().map(String::strip).toList();
        for (String setting : List.of("User=gatehouse", "ExecStart=/opt/gatehouse/bin/gatehouse run", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ReadWritePaths=/opt/gatehouse/conf /opt/gatehouse/data /opt/gatehouse/logs", "ProtectHome=yes",
                "PrivateTmp=yes", "PrivateDevices=yes", "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectControlGroups=yes",
                "RestrictSUIDSGID=yes", "RestrictNamespaces=yes", "CapabilityBoundingSet=", "SystemCallFilter=@system-service",
                "UMask=0077")) {
            assertTrue(lines.contains(setting), "missing " + setting);
        }
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("MemoryDenyWriteExecute=yes")), "the JIT compiler writes and runs code");
    }
}
