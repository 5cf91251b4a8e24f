package org.gatehouse.test.support.osgi;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the bundles a framework test installs are: the module's own {@code target/classes}
 * (bnd has written its manifest there by the time tests run), the jar or reactor folder a class
 * came from, or the test class path's entries of given artifacts. The test-support module knows no
 * Gatehouse bundle; the tests name theirs.
 *
 * <pre>{@code
 * osgi.installAndStart(BundleJars.onClassPath("jackson-core", "jackson-databind", "policy-schemas"));
 * osgi.installAndStart(List.of(BundleJars.moduleClasses()));
 * }</pre>
 */
public final class BundleJars {
    private BundleJars() {
    }

    /** The module under test as an exploded bundle: {@code target/classes} of the working directory. */
    public static Path moduleClasses() {
        return Path.of("target", "classes").toAbsolutePath();
    }

    /** The jar, or a reactor module's {@code target/classes}, that the test class path loads {@code type} from. */
    public static Path of(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file for " + type.getName(), e);
        }
    }

    /** As {@link #of(Class)}, for a class named rather than linked. */
    public static Path of(String className) {
        try {
            return of(Class.forName(className, false, BundleJars.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }

    /** As {@link #of(Class)}, where only a packaged jar will do (the build must have run {@code package}). */
    public static Path jarOf(Class<?> type) {
        Path path = of(type);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(type.getName() + " comes from " + path + ", not a jar: run the build through `package`");
        }
        return path;
    }

    /**
     * The test class path's entries of these artifacts, in class path order: a jar named
     * {@code <artifactId>-<version>...jar}, or a reactor module's {@code <artifactId>/target/classes}.
     */
    public static List<Path> onClassPath(String... artifactIds) {
        List<Pattern> jars = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (String artifactId : artifactIds) {
            jars.add(Pattern.compile(Pattern.quote(artifactId) + "-[0-9].*\\.jar"));
            folders.add(File.separator + artifactId + File.separator + "target" + File.separator + "classes");
        }
        List<Path> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (jars.stream().anyMatch(p -> p.matcher(name).matches()) || folders.stream().anyMatch(entry::endsWith)) {
                found.add(Path.of(entry));
            }
        }
        return found;
    }
}
