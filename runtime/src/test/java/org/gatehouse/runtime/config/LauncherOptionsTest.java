package org.gatehouse.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.runtime.LaunchFailure;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void foldersDefaultToTheHome() throws LaunchFailure {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--home", "/opt/gatehouse"}, Map.of());

        assertEquals(Path.of("/opt/gatehouse"), options.home());
        assertEquals(Path.of("/opt/gatehouse/conf"), options.confDir());
        assertEquals(Path.of("/opt/gatehouse/data"), options.dataDir());
        assertEquals(Path.of("/opt/gatehouse/conf/gatehouse.properties"), options.propertiesFile());
    }

    @Test
    void environmentOverridesDefaultsAndArgumentsOverrideEnvironment() throws LaunchFailure {
        Map<String, String> env = Map.of("GATEHOUSE_HOME", "/env/home", "GATEHOUSE_CONF", "/env/conf", "GATEHOUSE_DATA", "/env/data");

        LauncherOptions fromEnv = LauncherOptions.parse(new String[0], env);
        LauncherOptions fromArgs = LauncherOptions.parse(new String[] {"--data", "/arg/data", "--conf", "/arg/conf"}, env);

        assertEquals(new LauncherOptions(Path.of("/env/home"), Path.of("/env/conf"), Path.of("/env/data")), fromEnv);
        assertEquals(new LauncherOptions(Path.of("/env/home"), Path.of("/arg/conf"), Path.of("/arg/data")), fromArgs);
    }

    @Test
    void relativeFoldersAreResolvedAgainstTheWorkingDirectory() throws LaunchFailure {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--home", "/h", "--data", "my data/../d"}, Map.of());

        assertEquals(Path.of("d").toAbsolutePath(), options.dataDir());
    }

    @Test
    void badCommandLinesAreRejectedWithUsage() {
        LaunchFailure unknown = assertThrows(LaunchFailure.class, () -> LauncherOptions.parse(new String[] {"--home", "/h", "--verbose"}, Map.of()));
        LaunchFailure noValue = assertThrows(LaunchFailure.class, () -> LauncherOptions.parse(new String[] {"--home", "/h", "--data"}, Map.of()));
        LaunchFailure noHome = assertThrows(LaunchFailure.class, () -> LauncherOptions.parse(new String[0], Map.of()));

        assertEquals("unknown argument '--verbose'; " + LauncherOptions.USAGE, unknown.getMessage());
        assertEquals("--data needs a folder; " + LauncherOptions.USAGE, noValue.getMessage());
        assertTrue(noHome.getMessage().startsWith("the Gatehouse home folder is not set"));
        assertEquals(LaunchFailure.BAD_CONFIGURATION, unknown.exitCode());
    }
}
