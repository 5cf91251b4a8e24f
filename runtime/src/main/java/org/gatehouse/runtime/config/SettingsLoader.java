package org.gatehouse.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import org.gatehouse.runtime.LaunchFailure;

/**
 * Builds {@link GatehouseSettings} from, lowest precedence first: built-in defaults,
 * {@code <conf>/gatehouse.properties} (optional; read as UTF-8), and JVM system properties
 * (for keys already in the file, and for every key under {@code gatehouse.}, {@code org.osgi.},
 * {@code felix.}, {@code org.apache.felix.} and {@code gosh.}; so {@code GATEHOUSE_OPTS=-Dgatehouse.log.level=debug}
 * works). {@code gatehouse.home}, {@code gatehouse.conf.dir} and {@code gatehouse.data.dir} always come from the
 * {@link LauncherOptions}. Then {@code ${...}} references are expanded ({@link PropertyExpander}).
 */
public final class SettingsLoader {
    public static final String HOME = "gatehouse.home";
    public static final String CONF_DIR = "gatehouse.conf.dir";
    public static final String DATA_DIR = "gatehouse.data.dir";
    static final String STORAGE = "org.osgi.framework.storage";

    private static final List<String> OVERRIDABLE_PREFIXES =
            List.of("gatehouse.", "org.osgi.", "felix.", "org.apache.felix.", "gosh.");

    /** Framework defaults that the file may change. */
    private static final Map<String, String> FRAMEWORK_DEFAULTS = Map.of(
            // the platform set is installed from bundles/ at every start, so a cache left by a
            // crashed run can never hold a half-updated platform (docs/architecture.md "Bundles and the class path")
            "org.osgi.framework.storage.clean", "onFirstInit",
            // the sandbox bridge lives on the boot class path
            // (docs/architecture.md "Bundles and the class path"); every bundle must see its
            // API package, and none its internal one (hooks for the instrumented JDK only)
            "org.osgi.framework.bootdelegation", "org.gatehouse.sandbox.bridge",
            // Felix's URL handlers set the JVM-global URL factories and rewrite private fields of
            // java.net.URL (through sun.misc.Unsafe where setAccessible is refused): a JVM-global
            // setter the sandbox forbids, and noise on Java 23+ with Unsafe memory access denied
            "felix.service.urlhandlers", "false",
            // no framework-extension fragments: they would run inside the framework (docs/threat-model.md "Class-space rules")
            "felix.extensions.disable", "true",
            // no implicit boot delegation: it answers a bundle's loader from the application class
            // path (Felix's internals, this launcher, the agent) whenever JDK code asks that loader,
            // which would put them in every extension's class space (docs/sandbox.md)
            "felix.bootdelegation.implicit", "false");

    private static final List<String> DEFAULT_START_FIRST = List.of(
            "org.osgi.service.log", "org.apache.felix.log", "org.gatehouse.platform-logging",
            "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.cm", "org.apache.felix.configadmin",
            "org.osgi.service.component", "org.apache.felix.scr");

    private SettingsLoader() {
    }

    /** Loads the settings for these folders. */
    public static GatehouseSettings load(LauncherOptions folders, Properties systemProperties, Map<String, String> environment)
            throws LaunchFailure {
        Path file = folders.propertiesFile();
        String source = file.toString();
        try {
            Map<String, String> raw = new LinkedHashMap<>(FRAMEWORK_DEFAULTS);
            Map<String, String> fromFile = readFile(file);
            raw.putAll(fromFile);
            for (String key : systemProperties.stringPropertyNames()) {
                if (fromFile.containsKey(key) || OVERRIDABLE_PREFIXES.stream().anyMatch(key::startsWith)) {
                    raw.put(key, systemProperties.getProperty(key));
                }
            }
            raw.put(HOME, folders.home().toString());
            raw.put(CONF_DIR, folders.confDir().toString());
            raw.put(DATA_DIR, folders.dataDir().toString());
            raw.putIfAbsent(STORAGE, folders.dataDir().resolve("felix-cache").toString());
            Map<String, String> expanded = new PropertyExpander(source, systemProperties::getProperty, environment::get).expand(raw);
            return settings(folders, source, expanded);
        } catch (InvalidSettingException e) {
            throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION, e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchFailure(LaunchFailure.BAD_CONFIGURATION, source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static GatehouseSettings settings(LauncherOptions folders, String source, Map<String, String> values)
            throws InvalidSettingException {
        SettingValues settings = new SettingValues(source, values);
        Level level = settings.level("gatehouse.log.level", Level.INFO);
        LogSettings log = new LogSettings(
                level,
                Path.of(settings.text("gatehouse.log.dir", folders.home().resolve("logs").toString())).toAbsolutePath().normalize(),
                settings.flag("gatehouse.log.stdout", true),
                settings.level("gatehouse.log.stdout.level", level),
                settings.number("gatehouse.log.file.size", 10 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                settings.number("gatehouse.log.file.count", 5, 1, 1000));
        return new GatehouseSettings(
                folders,
                values,
                log,
                settings.names("gatehouse.start.first", DEFAULT_START_FIRST),
                settings.names("gatehouse.ready.services", List.of()),
                settings.duration("gatehouse.ready.timeout", Duration.ofSeconds(60)),
                settings.duration("gatehouse.shutdown.timeout", Duration.ofSeconds(20)));
    }

    private static Map<String, String> readFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key));
        }
        return values;
    }
}
