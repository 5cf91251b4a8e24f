package org.gatehouse.extension.qualification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.io.InputStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds the jars the tests qualify: a bundle with a manifest and entries, written for real to a
 * file. {@link #patchBytes} rewrites bytes of a finished file, for archives no zip writer would
 * produce (duplicate names, indexes that disagree); {@link #rewrite}, {@link #append} and {@link #drop}
 * copy a finished (signed) jar with one entry changed, added or left out.
 */
final class TestBundles {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private boolean withManifest = true;
    private String rawManifest;

    private TestBundles() {
    }

    /** A well-formed extension bundle that imports only the SDK. */
    static TestBundles bundle(String symbolicName) {
        TestBundles b = new TestBundles();
        b.headers.put("Bundle-ManifestVersion", "2");
        b.headers.put("Bundle-SymbolicName", symbolicName);
        b.headers.put("Bundle-Version", "1.2.3");
        b.headers.put("Import-Package", "org.gatehouse.sdk;version=\"[1.0,2)\",org.gatehouse.sdk.flow;version=\"[1.0,2)\"");
        b.entries.put("com/example/ext/RateLimiter.class", "not really a class, but bytes to sign".getBytes(StandardCharsets.UTF_8));
        b.entries.put("OSGI-INF/gatehouse/policy.xml",
                "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\"/>\n".getBytes(StandardCharsets.UTF_8));
        return b;
    }

    TestBundles header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    TestBundles withoutHeader(String name) {
        headers.remove(name);
        return this;
    }

    TestBundles withoutManifest() {
        withManifest = false;
        return this;
    }

    /** Writes this text as the manifest, for manifests {@link Manifest} would not write. */
    TestBundles rawManifest(String text) {
        rawManifest = text;
        return this;
    }

    TestBundles entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    TestBundles entry(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(toBytes());
        }
        return file;
    }

    byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (withManifest) {
                zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
                if (rawManifest != null) {
                    zip.write(rawManifest.getBytes(StandardCharsets.UTF_8));
                } else {
                    manifest().write(zip);
                }
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(main::putValue);
        return manifest;
    }

    /** Replaces every occurrence of {@code from} (or only the first, when {@code firstOnly}) by {@code to}. */
    static void patchBytes(Path file, String from, String to, boolean firstOnly) throws IOException {
        patchBytes(file, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8), firstOnly);
    }

    static void patchBytes(Path file, byte[] a, byte[] b, boolean firstOnly) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String from = new String(a, StandardCharsets.ISO_8859_1);
        if (a.length != b.length) {
            throw new IllegalArgumentException("patches must keep the length");
        }
        int patched = 0;
        for (int i = 0; i + a.length <= content.length; i++) {
            if (java.util.Arrays.equals(content, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, content, i, b.length);
                patched++;
                if (firstOnly) {
                    break;
                }
            }
        }
        if (patched == 0) {
            throw new IllegalStateException("[" + from + "] not found in " + file);
        }
        Files.write(file, content);
    }

    /** Copies a jar entry by entry, letting {@code change} rewrite the content of the entry named {@code name}. */
    static Path rewrite(Path in, Path out, String name, UnaryOperator<byte[]> change) throws IOException {
        return copy(in, out, name, change, null, null);
    }

    /** Copies a jar and appends one entry at its end. */
    static Path append(Path in, Path out, String name, byte[] content) throws IOException {
        return copy(in, out, null, null, name, content);
    }

    /** Copies a jar without the entry named {@code name}. */
    static Path drop(Path in, Path out, String name) throws IOException {
        return copy(in, out, name, content -> null, null, null);
    }

    private static Path copy(Path in, Path out, String changed, UnaryOperator<byte[]> change, String added, byte[] addedContent)
            throws IOException {
        try (InputStream raw = Files.newInputStream(in); ZipInputStream zin = new ZipInputStream(raw);
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                byte[] content = zin.readAllBytes();
                if (entry.getName().equals(changed)) {
                    content = change.apply(content);
                }
                if (content != null) {
                    zout.putNextEntry(new ZipEntry(entry.getName()));
                    zout.write(content);
                    zout.closeEntry();
                }
            }
            if (added != null) {
                zout.putNextEntry(new ZipEntry(added));
                zout.write(addedContent);
                zout.closeEntry();
            }
        }
        return out;
    }
}
