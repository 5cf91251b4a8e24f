package org.gatehouse.itest.lifecycle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The sample extensions as `mvn package` built them, and variants the tests make of them: a
 * later version for an upgrade, and the bad uploads of docs/extensions.md "Install qualification" (not a bundle, zip bomb, path
 * traversal, broken descriptor, a signature that does not verify).
 */
public final class SampleJars {
    private SampleJars() {
    }

    /** {@code sample-extensions/<name>/target/<name>-<version>.jar}. */
    public static Path sample(String name) {
        Path jar = Path.of(System.getProperty("gatehouse.samples", "../sample-extensions"), name, "target",
                name + "-" + System.getProperty("gatehouse.version", "0.1.0-SNAPSHOT") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("sample jar " + jar.toAbsolutePath() + " is missing: build sample-extensions first");
        }
        return jar;
    }

    /** The same bundle with another Bundle-Version: what a developer's next release looks like. */
    static Path withVersion(Path jar, String version, Path folder) {
        return rewrite(jar, folder.resolve("v" + version + "-" + jar.getFileName()), manifest -> {
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            return manifest;
        }, null, null);
    }

    /** The bundle with one more entry (a name and its bytes). */
    static Path withEntry(Path jar, String name, byte[] content, Path folder) {
        // a name of its own per variant: tests make several variants of one sample in one folder
        return rewrite(jar, folder.resolve("variant-" + java.util.UUID.randomUUID() + ".jar"), UnaryOperator.identity(), name, content);
    }

    /** The bundle with the descriptor replaced by {@code descriptor}. */
    static Path withDescriptor(Path jar, String descriptor, Path folder) {
        return withEntry(jar, "OSGI-INF/gatehouse/bladelets.xml", descriptor.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                folder);
    }

    /** A manifest and one entry that inflates to {@code inflated} zero bytes: a zip bomb. */
    static byte[] zipBomb(int inflated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: bomb\r\n"
                    + "Bundle-Version: 1.0.0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] block = new byte[1 << 16];
            for (int written = 0; written < inflated; written += block.length) {
                zip.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Path rewrite(Path jar, Path target, UnaryOperator<Manifest> manifestChange, String extraName, byte[] extra) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
             OutputStream file = Files.newOutputStream(target);
             JarOutputStream out = new JarOutputStream(file, manifestChange.apply(copy(in.getManifest())))) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.getName().equals(extraName)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
            }
            if (extraName != null) {
                out.putNextEntry(new JarEntry(extraName));
                out.write(extra);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static Manifest copy(Manifest manifest) {
        Manifest copy = new Manifest(manifest);
        copy.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        return copy;
    }

    static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
