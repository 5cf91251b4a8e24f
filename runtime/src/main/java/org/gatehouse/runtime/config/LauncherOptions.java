package org.gatehouse.runtime.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.gatehouse.runtime.LaunchFailure;

/**
 * The three folders the launcher works with, from the command line, then the environment,
 * then the defaults: {@code --home DIR} / {@code GATEHOUSE_HOME} (no default: {@code bin/gatehouse}
 * always passes it), {@code --conf DIR} / {@code GATEHOUSE_CONF} (default {@code <home>/conf}) and
 * {@code --data DIR} / {@code GATEHOUSE_DATA} (default {@code <home>/data}). Relative paths are
 * resolved against the working directory.
 *
 * <pre>{@code
 * LauncherOptions options = LauncherOptions.parse(args, System.getenv());
 * }</pre>
 */
public record LauncherOptions(Path home, Path confDir, Path dataDir) {

    public static final String USAGE = "usage: Launcher --home DIR [--conf DIR] [--data DIR]"
            + " (or GATEHOUSE_HOME, GATEHOUSE_CONF, GATEHOUSE_DATA in the environment)";

    public LauncherOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(confDir, "confDir");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** Reads the command line; {@code environment} is usually {@link System#getenv()}. */
    public static LauncherOptions parse(String[] args, Map<String, String> environment) throws LaunchFailure {
        String home = environment.get("GATEHOUSE_HOME");
        String conf = environment.get("GATEHOUSE_CONF");
        String data = environment.get("GATEHOUSE_DATA");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--home" -> home = value(args, ++i, option);
                case "--conf" -> conf = value(args, ++i, option);
                case "--data" -> data = value(args, ++i, option);
                default -> throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION,
                        "unknown argument '" + option + "'; " + USAGE);
            }
        }
        if (isBlank(home)) {
            throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION, "the Gatehouse home folder is not set; " + USAGE);
        }
        Path homeDir = absolute(home);
        Path confDir = isBlank(conf) ? homeDir.resolve("conf") : absolute(conf);
        Path dataDir = isBlank(data) ? homeDir.resolve("data") : absolute(data);
        return new LauncherOptions(homeDir, confDir, dataDir);
    }

    /** {@code <conf>/gatehouse.properties}. */
    public Path propertiesFile() {
        return confDir.resolve("gatehouse.properties");
    }

    private static String value(String[] args, int index, String option) throws LaunchFailure {
        if (index >= args.length || isBlank(args[index]) || args[index].startsWith("--")) {
            throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION, option + " needs a folder; " + USAGE);
        }
        return args[index];
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Path absolute(String folder) {
        return Path.of(folder).toAbsolutePath().normalize();
    }
}
