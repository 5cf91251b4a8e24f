package org.gatehouse.itest.lifecycle;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad uploads (docs/extensions.md "Install qualification") against the real element: each is refused with its reason, and nothing
 * is installed or stored. Install qualification refuses with 422 (the upload was read and judged
 * unacceptable); only a body over the upload bound is 413. The element qualifies uploads by rules admitting only bundles whose
 * SHA-256 is listed in the signature database under the group {@code approved} (api-key-auth is;
 * header-rewrite is not), and takes uploads of at most 1 MiB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadUploadsIT {
    @TempDir
    static Path work;

    private CountingUpstream upstream;
    private LifecycleElement element;
    private Path badDescriptor;

    @BeforeAll
    void start() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "gatehouse.management.max-upload-bytes=1048576\n");
        element.write("qualification-rules.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="approved-only" answer="enable">
                    <match><reference-group>approved</reference-group></match>
                  </rule>
                </qualification-rules>
                """);
        // the bundle with a broken descriptor is approved too, so that the descriptor check is what refuses it
        badDescriptor = SampleJars.withDescriptor(SampleJars.sample("api-key-auth"), "<bladelets xmlns=\"urn:gatehouse:bladelet-descriptor:1\">"
                + "<bladelet name=\"Bad Name\" kind=\"step\" class=\"x.Y\"/></bladelets>", work);
        Files.writeString(element.gatehouse.confDir().resolve("signature-db.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="%s" added-by="sofia" added-at="2026-11-01T09:00:00Z">
                    <reference-group>approved</reference-group>
                  </entry>
                  <entry sha256="%s" added-by="sofia" added-at="2026-11-01T09:00:00Z">
                    <reference-group>approved</reference-group>
                  </entry>
                </signature-database>
                """.formatted(LifecycleElement.sha256(Files.readAllBytes(SampleJars.sample("api-key-auth"))),
                LifecycleElement.sha256(Files.readAllBytes(badDescriptor))));
        element.start();
    }

    @AfterAll
    void stop() {
        element.close();
        upstream.close();
    }

    @Test
    void notAZip() {
        assertRefused(element.api.uploadBytes("extensions", "just some text".getBytes(StandardCharsets.UTF_8), ADMIN),
                422, "not a zip");
    }

    @Test
    void oversized() {
        byte[] big = new byte[2 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        assertRefused(element.api.uploadBytes("extensions", big, ADMIN), 413, "1048576");
    }

    @Test
    void zipBomb() {
        assertRefused(element.api.uploadBytes("extensions", SampleJars.zipBomb(300 * 1024 * 1024), ADMIN), 422, "zip bomb");
    }

    @Test
    void pathTraversalEntry() {
        Path jar = SampleJars.withEntry(SampleJars.sample("api-key-auth"), "../../etc/cron.d/evil", new byte[] {1}, work);
        assertRefused(element.api.uploadJar("POST", "extensions", jar, ADMIN), 422, "path traversal");
    }

    @Test
    void signatureThatDoesNotVerify() {
        Path jar = SampleJars.withEntry(SampleJars.sample("api-key-auth"), "META-INF/EVIL.RSA", "not a signature".getBytes(StandardCharsets.UTF_8), work);
        Path signed = SampleJars.withEntry(jar, "META-INF/EVIL.SF", "Signature-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8), work);
        assertRefused(element.api.uploadJar("POST", "extensions", signed, ADMIN), 422, "signature");
    }

    @Test
    void invalidDescriptor() {
        HttpResponse<String> response = element.api.uploadJar("POST", "extensions", badDescriptor, ADMIN);
        assertTrue(response.statusCode() == 400 || response.statusCode() == 422, response.statusCode() + " " + response.body());
        assertTrue(response.body().contains("bladelets.xml"), response.body());
        assertNothingInstalled();
    }

    @Test
    void hashNotInTheSignatureDatabase() {
        assertRefused(element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), ADMIN), 422,
                "not in signature database");
    }

    private void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\""), "the one error shape: " + response.body());
        assertTrue(response.body().contains(reason), "the reason names '" + reason + "': " + response.body());
        assertNothingInstalled();
    }

    private void assertNothingInstalled() {
        String listed = element.api.get("extensions", ADMIN).body();
        assertTrue(listed.contains("\"extensions\" : [ ]"), "nothing installed: " + listed);
        Path extensions = element.dataDir().resolve("extension-store").resolve("extensions");
        Path staging = element.dataDir().resolve("extension-store").resolve("staging");
        assertTrue(isEmptyOrAbsent(extensions), "nothing stored under " + extensions);
        assertTrue(isEmptyOrAbsent(staging), "no upload left in " + staging);
    }

    private static boolean isEmptyOrAbsent(Path folder) {
        if (!Files.isDirectory(folder)) {
            return true;
        }
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
