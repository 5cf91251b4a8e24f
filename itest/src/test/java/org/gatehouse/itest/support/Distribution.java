package org.gatehouse.itest.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The distribution folder the runtime module assembles ({@code runtime/target/gatehouse}), as the
 * tests see it. Its location comes from the system property {@code gatehouse.dist}, which the
 * itest pom passes to failsafe.
 *
 * <pre>{@code
 * Distribution dist = Distribution.located();
 * List<Path> jars = dist.bundleJars();
 * }</pre>
 */
public record Distribution(Path home) {

    /** The system property naming the distribution folder. */
    public static final String PROPERTY = "gatehouse.dist";

    public Distribution {
        if (!Files.isDirectory(home.resolve("bundles"))) {
            throw new IllegalStateException("no distribution at " + home
                    + ": expected a bundles/ folder; build it first with"
                    + " 'mvn -B -pl itest -am verify' (or 'mvn -pl runtime -am package')");
        }
    }

    /** The distribution named by {@value #PROPERTY}; fails with a clear message when it is missing. */
    public static Distribution located() {
        String location = System.getProperty(PROPERTY);
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY
                    + " is not set: run these tests through failsafe ('mvn -B -pl itest -am verify')");
        }
        return new Distribution(Path.of(location).toAbsolutePath().normalize());
    }

    /** Every jar in {@code bundles/}, sorted by file name so runs are reproducible. */
    public List<Path> bundleJars() {
        try (Stream<Path> files = Files.list(home.resolve("bundles"))) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no bundle jars in " + home.resolve("bundles"));
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + home.resolve("bundles"), e);
        }
    }

    /** The shipped configuration folder. */
    public Path confDir() {
        return home.resolve("conf");
    }

    /**
     * The framework properties from the shipped {@code conf/gatehouse.properties}, with
     * {@code ${gatehouse.home}}, {@code ${gatehouse.conf.dir}} and {@code ${gatehouse.data.dir}}
     * replaced, so that a test framework boots with what ships. The framework storage is left
     * out: the test container owns it.
     */
    public Map<String, String> frameworkProperties(Path confDir, Path dataDir) {
        Path file = confDir().resolve("gatehouse.properties");
        Map<String, String> result = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Properties shipped = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                shipped.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
            for (String key : shipped.stringPropertyNames()) {
                if (!key.equals("org.osgi.framework.storage")) {
                    result.put(key, expand(shipped.getProperty(key), confDir, dataDir));
                }
            }
        }
        result.put("gatehouse.home", home.toString());
        // the management API's shipped port is fixed; test frameworks take a free one so runs never collide
        result.put("gatehouse.management.address", "127.0.0.1:0");
        result.put("gatehouse.conf.dir", confDir.toString());
        result.put("gatehouse.data.dir", dataDir.toString());
        return result;
    }

    private String expand(String value, Path confDir, Path dataDir) {
        return value.replace("${gatehouse.home}", home.toString())
                .replace("${gatehouse.conf.dir}", confDir.toString())
                .replace("${gatehouse.data.dir}", dataDir.toString());
    }

    /** True when a jar in {@code bundles/} has a file name starting with {@code prefix}. */
    public boolean shipsJar(String prefix) {
        return bundleFileNames().stream().anyMatch(name -> name.startsWith(prefix));
    }

    /** Names of the jars in {@code bundles/}, for messages. */
    public List<String> bundleFileNames() {
        List<String> names = new ArrayList<>();
        bundleJars().forEach(jar -> names.add(jar.getFileName().toString()));
        return List.copyOf(names);
    }
}
