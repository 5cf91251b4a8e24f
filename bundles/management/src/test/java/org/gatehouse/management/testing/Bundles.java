package org.gatehouse.management.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes small real bundle jars (a manifest and one entry) for upload tests. */
public final class Bundles {
    private Bundles() {
    }

    public static Path write(Path folder, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        Files.createDirectories(folder);
        Path jar = folder.resolve(symbolicName + "-" + version + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("OSGI-INF/gatehouse/bladelets.xml"));
            out.write(("<bladelets><!-- " + symbolicName + " " + version + " --></bladelets>").getBytes());
            out.closeEntry();
        }
        return jar;
    }
}
