package org.gatehouse.sample.bundle.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The bundle check refuses what the element would refuse: each case a jar written here that breaks one rule. */
class SampleBundleCheckTest {
    private static final String BSN = "org.gatehouse.sample.probe";

    @TempDir
    Path folder;

    private Map<String, String> goodManifest() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", BSN);
        headers.put("Bundle-Version", "1.0.0");
        headers.put("Import-Package", "org.gatehouse.sdk.bladelet;version=\"[1.0,2)\",org.gatehouse.sdk.message;version=\"[1.0,2)\"");
        return headers;
    }

    private Path jar(Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Path jar = Files.createTempFile(folder, "probe", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String entry : new String[] {SampleBundleCheck.DESCRIPTOR_ENTRY, SamplePolicyCheck.POLICY_ENTRY}) {
                out.putNextEntry(new JarEntry(entry));
                out.write("<x/>".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private AssertionFailedError refused(Map<String, String> headers) throws IOException {
        SampleBundleCheck check = SampleBundleCheck.of(jar(headers));
        return assertThrows(AssertionFailedError.class, () -> check.assertExtensionBundle(BSN));
    }

    @Test
    void aWellFormedExtensionBundlePassesAndItsImportsAreRead() throws Exception {
        SampleBundleCheck check = SampleBundleCheck.of(jar(goodManifest()));
        check.assertExtensionBundle(BSN);
        assertEquals(java.util.List.of("org.gatehouse.sdk.bladelet", "org.gatehouse.sdk.message"), check.importedPackages());
    }

    @Test
    void aJavaImportIsRefused() throws Exception {
        Map<String, String> headers = goodManifest();
        headers.put("Import-Package", "java.lang,org.gatehouse.sdk.bladelet;version=\"[1.0,2)\"");
        assertEquals("Import-Package java.lang is a JDK package ==> expected: <false> but was: <true>", refused(headers).getMessage());
    }

    @Test
    void anImportOutsideTheClassSpaceIsRefused() throws Exception {
        Map<String, String> headers = goodManifest();
        headers.put("Import-Package", "org.gatehouse.sdk.bladelet,org.apache.felix.framework");
        assertTrue(refused(headers).getMessage().startsWith("Import-Package org.apache.felix.framework is outside the vendor system "
                + "policy's class space [org.gatehouse.sdk, org.gatehouse.sdk.*,"));
    }

    @Test
    void anExportIsRefused() throws Exception {
        Map<String, String> headers = goodManifest();
        headers.put("Export-Package", "org.gatehouse.sample.probe");
        assertTrue(refused(headers).getMessage().startsWith("Export-Package has no place in a sample extension"));
    }

    @Test
    void theWrongSymbolicNameIsRefused() throws Exception {
        Map<String, String> headers = goodManifest();
        headers.put("Bundle-SymbolicName", "com.acme.probe");
        assertTrue(refused(headers).getMessage().startsWith("Bundle-SymbolicName ==> expected: <org.gatehouse.sample.probe>"));
    }

    @Test
    void aBundleThatNeedsMoreThanTheSdkDoesNotResolve() throws Exception {
        Map<String, String> headers = goodManifest();
        headers.put("Import-Package", "org.gatehouse.sdk.bladelet,org.example.missing");
        SampleBundleCheck check = SampleBundleCheck.of(jar(headers));

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> check.assertResolvesAgainstTheSdkAlone("org.gatehouse.sample.probe.Step", Bladelet.class));
        assertTrue(e.getMessage().startsWith("the sample bundle does not start with only the SDK installed"), e.getMessage());
        assertTrue(e.getMessage().contains("org.example.missing"), e.getMessage());
    }
}
