package org.gatehouse.extension.qualification.internal.manifest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Step 2 of qualification: the archive is an OSGi bundle (OSGi Core 8, 3.2): it has a manifest,
 * {@code Bundle-ManifestVersion: 2}, and a valid {@code Bundle-SymbolicName} and
 * {@code Bundle-Version}.
 *
 * @param symbolicName the symbolic name without its directives
 * @param version the version as written
 * @param attributes the main attributes, for vetting
 */
public record BundleManifest(String symbolicName, String version, Attributes attributes) {
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}(\\.\\d{1,9}(\\.[A-Za-z0-9_\\-]+)?)?)?");

    public BundleManifest {
        attributes = (Attributes) attributes.clone();
    }

    /** A copy of the main attributes: {@link Attributes} is mutable and this record is not. */
    @Override
    public Attributes attributes() {
        return (Attributes) attributes.clone();
    }

    /** Reads the manifest of an archive that passed the archive checks. */
    public static BundleManifest read(Path archive) throws IOException, Denial {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry(MANIFEST);
            if (entry == null) {
                throw new Denial("not an OSGi bundle: no " + MANIFEST);
            }
            byte[] content;
            try (InputStream in = zip.getInputStream(entry)) {
                content = in.readAllBytes();
            }
            MainSectionHeaders.requireNoDuplicates(content);
            try {
                return fromManifest(new Manifest(new ByteArrayInputStream(content)));
            } catch (IOException | IllegalArgumentException e) {
                // IllegalArgumentException: the JDK refuses a header name it cannot represent
                throw new Denial("not an OSGi bundle: " + MANIFEST + " is malformed: " + e.getMessage());
            }
        }
    }

    static BundleManifest fromManifest(Manifest manifest) throws Denial {
        Attributes main = manifest.getMainAttributes();
        String manifestVersion = main.getValue("Bundle-ManifestVersion");
        if (!"2".equals(trim(manifestVersion))) {
            throw new Denial("not an OSGi bundle: Bundle-ManifestVersion is [" + manifestVersion + "], expected [2]");
        }
        return new BundleManifest(symbolicName(main.getValue("Bundle-SymbolicName")), version(main.getValue("Bundle-Version")), main);
    }

    private static String symbolicName(String header) throws Denial {
        if (header == null || header.isBlank()) {
            throw new Denial("not an OSGi bundle: no Bundle-SymbolicName");
        }
        List<ManifestHeader.Clause> clauses;
        try {
            clauses = ManifestHeader.parse("Bundle-SymbolicName", header);
        } catch (ManifestHeader.MalformedHeaderException e) {
            throw new Denial("not an OSGi bundle: " + e.getMessage());
        }
        if (clauses.size() != 1 || clauses.get(0).paths().size() != 1) {
            throw new Denial("not an OSGi bundle: Bundle-SymbolicName [" + header + "] must name exactly one bundle");
        }
        String name = clauses.get(0).paths().get(0);
        if (!SYMBOLIC_NAME.matcher(name).matches()) {
            throw new Denial("not an OSGi bundle: Bundle-SymbolicName [" + name + "] is not a valid symbolic name");
        }
        return name;
    }

    private static String version(String header) throws Denial {
        String version = trim(header);
        if (version == null || version.isEmpty()) {
            throw new Denial("not an OSGi bundle: no Bundle-Version");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new Denial("not an OSGi bundle: Bundle-Version [" + version + "] is not major[.minor[.micro[.qualifier]]]");
        }
        return version;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
