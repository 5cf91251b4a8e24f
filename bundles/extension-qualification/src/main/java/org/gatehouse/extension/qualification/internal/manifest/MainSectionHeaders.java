package org.gatehouse.extension.qualification.internal.manifest;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Refuses a manifest whose main section names a header twice. {@link java.util.jar.Manifest}
 * keeps one of the copies silently; a framework that kept the other would resolve a bundle
 * different from the one vetted (a second, unvetted Import-Package, for instance). Header names
 * compare without case, as both the JAR specification and OSGi read them.
 */
final class MainSectionHeaders {
    private MainSectionHeaders() {
    }

    static void requireNoDuplicates(byte[] manifest) throws Denial {
        Set<String> seen = new HashSet<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                return; // end of the main section
            }
            if (line.startsWith(" ")) {
                continue; // continuation of the previous header's value
            }
            int colon = line.indexOf(':');
            String name = (colon < 0 ? line : line.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new Denial("not an OSGi bundle: header [" + line.substring(0, Math.max(colon, 0)).trim()
                        + "] appears twice in the main section of " + BundleManifest.MANIFEST);
            }
        }
    }
}
