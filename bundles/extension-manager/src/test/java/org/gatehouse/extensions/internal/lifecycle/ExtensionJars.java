package org.gatehouse.extensions.internal.lifecycle;

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
import org.gatehouse.extensions.internal.lifecycle.fixture.PassStep;

/**
 * Writes small extension bundles for the tests: a manifest, classes copied from the test class
 * path, a bladelet descriptor and optionally a policy inside the bundle.
 */
final class ExtensionJars {
    static final String SDK_IMPORTS = "org.gatehouse.sdk.bladelet;version=\"[1.0,2)\",org.gatehouse.sdk.message;version=\"[1.0,2)\"";

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** An extension with one step bladelet {@code pass} ({@link PassStep}). */
    static ExtensionJars passing(String symbolicName, String version) throws IOException {
        return named(symbolicName, version).header("Import-Package", SDK_IMPORTS).classes(PassStep.class)
                .descriptor("pass", PassStep.class.getName());
    }

    static ExtensionJars named(String symbolicName, String version) {
        ExtensionJars jar = new ExtensionJars();
        jar.headers.put("Bundle-ManifestVersion", "2");
        jar.headers.put("Bundle-SymbolicName", symbolicName);
        jar.headers.put("Bundle-Version", version);
        return jar;
    }

    ExtensionJars header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    ExtensionJars entry(String path, String content) {
        entries.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    ExtensionJars descriptor(String bladelet, String className) {
        return entry("OSGI-INF/gatehouse/bladelets.xml", "<bladelets xmlns='urn:gatehouse:bladelet-descriptor:1'>"
                + "<bladelet name='" + bladelet + "' kind='step' class='" + className + "'/></bladelets>");
    }

    ExtensionJars withoutDescriptor() {
        entries.remove("OSGI-INF/gatehouse/bladelets.xml");
        return this;
    }

    ExtensionJars classes(Class<?>... types) throws IOException {
        for (Class<?> type : types) {
            String path = type.getName().replace('.', '/') + ".class";
            try (InputStream in = ExtensionJars.class.getClassLoader().getResourceAsStream(path)) {
                entries.put(path, in.readAllBytes());
            }
        }
        return this;
    }

    Path writeTo(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    /** An extension policy document with these permission elements. */
    static byte[] policy(String... permissions) {
        StringBuilder xml = new StringBuilder("<extension-policy xmlns='urn:gatehouse:extension-policy:1'>");
        for (String p : permissions) {
            xml.append(p);
        }
        return xml.append("</extension-policy>").toString().getBytes(StandardCharsets.UTF_8);
    }
}
