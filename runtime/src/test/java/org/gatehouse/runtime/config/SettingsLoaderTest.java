package org.gatehouse.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import org.gatehouse.runtime.LaunchFailure;
import org.gatehouse.runtime.TestHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path home;

    @Test
    void withoutAFileTheDefaultsApply() throws Exception {
        GatehouseSettings settings = load(new Properties(), Map.of());

        assertEquals(Level.INFO, settings.log().level());
        assertEquals(home.resolve("logs/gatehouse.log"), settings.log().file());
        assertEquals(Duration.ofSeconds(60), settings.readyTimeout());
        assertEquals(Duration.ofSeconds(20), settings.shutdownTimeout());
        assertEquals(List.of(), settings.readyServices());
        assertEquals("org.osgi.service.log", settings.startFirst().get(0));
        Map<String, String> framework = settings.frameworkProperties();
        assertEquals(home.toString(), framework.get("gatehouse.home"));
        assertEquals(home.resolve("conf").toString(), framework.get("gatehouse.conf.dir"));
        assertEquals(home.resolve("data").toString(), framework.get("gatehouse.data.dir"));
        assertEquals(home.resolve("data/felix-cache").toString(), framework.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", framework.get("org.osgi.framework.storage.clean"));
        assertEquals("false", framework.get("felix.service.urlhandlers"));
        assertEquals("true", framework.get("felix.extensions.disable"));
        assertEquals("false", framework.get("felix.bootdelegation.implicit"));
    }

    @Test
    void fileValuesAreExpandedAndPassedToTheFramework() throws Exception {
        write("""
                gatehouse.log.level=debug
                gatehouse.log.dir=${gatehouse.data.dir}/logs
                gatehouse.ready.services=a.B, c.D ,
                gatehouse.ready.timeout=250ms
                gatehouse.shutdown.timeout=2m
                acme.region=${env:REGION}-${acme.zone}
                acme.zone=z1
                acme.user=${user.name}
                """);
        Properties system = new Properties();
        system.setProperty("user.name", "operator");

        GatehouseSettings settings = load(system, Map.of("REGION", "eu"));

        assertEquals(Level.FINE, settings.log().level());
        assertEquals(home.resolve("data/logs"), settings.log().directory());
        assertEquals(List.of("a.B", "c.D"), settings.readyServices());
        assertEquals(Duration.ofMillis(250), settings.readyTimeout());
        assertEquals(Duration.ofMinutes(2), settings.shutdownTimeout());
        assertEquals("eu-z1", settings.frameworkProperties().get("acme.region"));
        assertEquals("operator", settings.frameworkProperties().get("acme.user"));
    }

    @Test
    void systemPropertiesOverrideTheFileButNotTheFolders() throws Exception {
        write("gatehouse.log.level=info\nacme.mode=file\n");
        Properties system = new Properties();
        system.setProperty("gatehouse.log.level", "warn");
        system.setProperty("acme.mode", "jvm");
        system.setProperty("unrelated.key", "x");
        system.setProperty("gatehouse.data.dir", "/elsewhere");

        GatehouseSettings settings = load(system, Map.of());

        assertEquals(Level.WARNING, settings.log().level());
        assertEquals("jvm", settings.frameworkProperties().get("acme.mode"));
        assertEquals(null, settings.frameworkProperties().get("unrelated.key"));
        assertEquals(home.resolve("data").toString(), settings.frameworkProperties().get("gatehouse.data.dir"));
    }

    @Test
    void badValuesNameTheFileTheKeyAndTheValue() throws Exception {
        String file = home.resolve("conf/gatehouse.properties").toString();

        assertFailure(file + ": gatehouse.ready.timeout: '5x' is not a duration (e.g. 250ms, 2s, 5m, 1h)", "gatehouse.ready.timeout=5x\n");
        assertFailure(file + ": gatehouse.log.level: 'loud' is not a log level (error, warn, info, debug, trace, off, all)", "gatehouse.log.level=loud\n");
        assertFailure(file + ": gatehouse.log.file.count: '0' is outside 1..1000", "gatehouse.log.file.count=0\n");
        assertFailure(file + ": acme.a: ${acme.missing} is not defined", "acme.a=${acme.missing}\n");
        assertFailure(file + ": acme.a: ${...} references form a cycle: acme.a -> acme.b -> acme.a", "acme.a=${acme.b}\nacme.b=${acme.a}\n");
        assertFailure(file + ": acme.a: '${' without a closing '}' in 'x${y'", "acme.a=x${y\n");
    }

    @Test
    void theShippedFileLoadsAndWaitsForTheDataPlaneAndTheFlows() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.copy(TestHome.distSources().resolve("conf/gatehouse.properties"), home.resolve("conf/gatehouse.properties"));

        GatehouseSettings settings = load(new Properties(), Map.of());

        assertEquals(List.of("org.gatehouse.dataplane.DataPlane", "org.gatehouse.flow.engine.api.FlowService"), settings.readyServices());
        assertEquals(home.resolve("logs"), settings.log().directory());
        assertEquals(home.resolve("data/felix-cache").toString(), settings.frameworkProperties().get("org.osgi.framework.storage"));
        assertEquals("org.gatehouse.sandbox.bridge",
                settings.frameworkProperties().get("org.osgi.framework.bootdelegation"));
        assertEquals("false", settings.frameworkProperties().get("felix.bootdelegation.implicit"));
        assertEquals(10, settings.startFirst().size());
        // the sandbox's decider and hooks are in place before any bundle but logging runs code
        assertEquals("org.gatehouse.policy-engine", settings.startFirst().get(3));
    }

    private void assertFailure(String expected, String properties) throws IOException {
        write(properties);
        LaunchFailure failure = assertThrows(LaunchFailure.class, () -> load(new Properties(), Map.of()));
        assertEquals(expected, failure.getMessage());
        assertEquals(LaunchFailure.BAD_CONFIGURATION, failure.exitCode());
    }

    private void write(String properties) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/gatehouse.properties"), properties);
    }

    private GatehouseSettings load(Properties system, Map<String, String> env) throws LaunchFailure {
        LauncherOptions options = new LauncherOptions(home, home.resolve("conf"), home.resolve("data"));
        return SettingsLoader.load(options, system, env);
    }
}
