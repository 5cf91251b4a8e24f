package org.gatehouse.extension.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.gatehouse.sdk.descriptor.ParameterType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BladeletDescriptorReaderTest {
    private final BladeletDescriptorReader reader = new BladeletDescriptorReader();

    @TempDir
    Path dir;

    private static Path descriptor(String name) throws Exception {
        return Path.of(BladeletDescriptorReaderTest.class.getResource("/descriptors/" + name).toURI());
    }

    @Test
    void readsTheModelWithSchemaDefaults() throws Exception {
        ExtensionDescriptor d = reader.read(descriptor("auth-pair.xml"));
        assertEquals(List.of("sts-authenticate", "soap-extract"), d.names());
        BladeletDescriptor sts = d.requireBladelet("sts-authenticate");
        assertEquals(BladeletKind.AUTHENTICATOR, sts.kind());
        assertEquals("Checks tokens with the token service.", sts.description());
        assertEquals(BodyAccess.NONE, sts.body());
        assertTrue(sts.parameter("client-secret").orElseThrow().secret());
        assertTrue(sts.parameter("url").orElseThrow().required());
        assertEquals(false, sts.parameter("timeout").orElseThrow().required(), "schema default");
        assertEquals(Optional.of("100ms"), sts.parameter("timeout").orElseThrow().min());
        assertEquals(List.of("strict", "lenient"), sts.parameter("mode").orElseThrow().allowedValues());
        assertEquals(ParameterType.ENUM, sts.parameter("mode").orElseThrow().type());
        assertEquals(BodyAccess.upTo(65536), d.requireBladelet("soap-extract").body());
        assertEquals(List.of(), d.requireBladelet("soap-extract").parameters());
    }

    @Test
    void typedChecksNameFileElementBladeletAndParameter() {
        assertRejected("default-out-of-domain.xml",
                "default-out-of-domain.xml /bladelets/bladelet[1]/parameter[2]: bladelet 'limiter' parameter 'burst': "
                        + "default 20 is above the maximum 10");
        assertRejected("enum-without-values.xml",
                "enum-without-values.xml /bladelets/bladelet[2]/parameter[1]: bladelet 'second' parameter 'mode': "
                        + "type enum needs at least one allowed value");
    }

    @Test
    void schemaProblemsKeepTheirPosition() {
        assertRejected("bad-class.xml", "bad-class.xml [3:63] /bladelets/bladelet[1]: Value 'com.acme..First' is not facet-valid "
                + "with respect to pattern '[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*' for type 'ClassName'.");
    }

    @Test
    void readsFromAnExtensionJar() throws Exception {
        Path jar = jarWith("ext.jar", ExtensionDescriptor.BUNDLE_ENTRY, Files.readAllBytes(descriptor("auth-pair.xml")));
        assertEquals(2, reader.readFromJar(jar).bladelets().size());

        Path broken = jarWith("broken.jar", ExtensionDescriptor.BUNDLE_ENTRY, Files.readAllBytes(descriptor("default-out-of-domain.xml")));
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.readFromJar(broken));
        assertEquals("broken.jar!/OSGI-INF/gatehouse/bladelets.xml", e.source());
    }

    @Test
    void aJarWithoutDescriptorOrNotAJarSaysSo() throws Exception {
        Path jar = jarWith("plain.jar", "META-INF/other.txt", new byte[] {1});
        assertEquals("plain.jar: the extension has no OSGI-INF/gatehouse/bladelets.xml",
                assertThrows(XmlDocumentException.class, () -> reader.readFromJar(jar)).getMessage());
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertTrue(assertThrows(XmlDocumentException.class, () -> reader.readFromJar(text)).getMessage()
                .startsWith("notes.jar: not a readable jar: "));
    }

    @Test
    void readsTheOneDescriptorOnAClassPath() throws Exception {
        Path first = folderWithDescriptor("first");
        try (URLClassLoader one = loader(first)) {
            assertEquals(2, reader.readFromClassLoader(one).bladelets().size());
        }
        try (URLClassLoader none = loader(dir.resolve("empty"))) {
            assertEquals("OSGI-INF/gatehouse/bladelets.xml: not found on the class path; put it in "
                    + "src/main/resources/OSGI-INF/gatehouse/bladelets.xml",
                    assertThrows(XmlDocumentException.class, () -> reader.readFromClassLoader(none)).getMessage());
        }
        try (URLClassLoader two = loader(first, folderWithDescriptor("second"))) {
            assertTrue(assertThrows(XmlDocumentException.class, () -> reader.readFromClassLoader(two)).getMessage()
                    .startsWith("OSGI-INF/gatehouse/bladelets.xml: found 2 times on the class path"));
        }
        assertEquals(2, reader.readFromFolder(first).orElseThrow().bladelets().size());
        assertEquals(Optional.empty(), reader.readFromFolder(dir.resolve("empty")));
    }

    private void assertRejected(String name, String message) {
        assertEquals(message, assertThrows(XmlDocumentException.class, () -> reader.read(descriptor(name))).getMessage());
    }

    private Path jarWith(String name, String entry, byte[] content) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return jar;
    }

    private Path folderWithDescriptor(String name) throws Exception {
        Path folder = dir.resolve(name);
        Path file = folder.resolve(ExtensionDescriptor.BUNDLE_ENTRY);
        Files.createDirectories(file.getParent());
        Files.copy(descriptor("auth-pair.xml"), file);
        return folder;
    }

    private static URLClassLoader loader(Path... folders) throws IOException {
        URL[] urls = new URL[folders.length];
        for (int i = 0; i < folders.length; i++) {
            Files.createDirectories(folders[i]);
            urls[i] = folders[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }
}
