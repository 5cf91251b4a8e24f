package org.gatehouse.test.support.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a small bundle for a framework test: a manifest, compiled test classes copied from the
 * test class path, and any other entries (a descriptor, a policy), in the order given.
 *
 * <pre>{@code
 * Path jar = TestBundle.named("com.acme.probe").header("Import-Package", "org.osgi.framework")
 *         .classes(Probe.class).entry("OSGI-INF/gatehouse/policy.xml", policy).writeTo(home.resolve("extensions/probe.jar"));
 * }</pre>
 */
public final class TestBundle {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private TestBundle() {
    }

    /** A bundle of that symbolic name, version 1.0.0. */
    public static TestBundle named(String symbolicName) {
        return named(symbolicName, "1.0.0");
    }

    public static TestBundle named(String symbolicName, String version) {
        TestBundle bundle = new TestBundle();
        bundle.headers.put("Bundle-ManifestVersion", "2");
        bundle.headers.put("Bundle-SymbolicName", symbolicName);
        bundle.headers.put("Bundle-Version", version);
        return bundle;
    }

    public TestBundle header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public TestBundle entry(String path, String content) {
        return entry(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestBundle entry(String path, byte[] content) {
        entries.put(path, content.clone());
        return this;
    }

    public TestBundle withoutEntry(String path) {
        entries.remove(path);
        return this;
    }

    /** Copies each class file from the test class path (nested classes are named one by one). */
    public TestBundle classes(Class<?>... types) throws IOException {
        for (Class<?> type : types) {
            copyClass(type.getName(), type.getClassLoader());
        }
        return this;
    }

    /**
     * As {@link #classes(Class[])}, by name: for a class the test must not load itself (a bundle
     * activator whose statics belong to the bundle's copy).
     */
    public TestBundle classes(String... classNames) throws IOException {
        for (String className : classNames) {
            copyClass(className, TestBundle.class.getClassLoader());
        }
        return this;
    }

    private void copyClass(String className, ClassLoader loader) throws IOException {
        String path = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no class file " + path + " on the test class path");
            }
            entries.put(path, in.readAllBytes());
        }
    }

    /** Writes the jar, creating its folder, and returns its path. */
    public Path writeTo(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }
}
