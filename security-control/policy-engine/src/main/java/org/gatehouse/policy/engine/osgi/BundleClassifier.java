package org.gatehouse.policy.engine.osgi;

import org.gatehouse.policy.engine.api.ExtensionInstaller;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.Version;
import org.osgi.framework.Bundle;

/**
 * Tells extensions (untrusted) from platform bundles (trusted), by location only, so the answer
 * is the same after a restart: a bundle is an extension when it was installed through the
 * {@code ExtensionInstaller} (location {@code gatehouse:extension:...}) or from
 * {@code <home>/extensions/}. Every other bundle present when the control module started is
 * platform, and so is a later one from {@code <home>/bundles/}; any other later bundle is treated
 * as an extension, because trusting code nobody vetted would be the wrong default.
 *
 * <p>The framework property {@value #PLATFORM_LOCATIONS} lists location prefixes (comma-separated)
 * of bundles installed later that are platform all the same, e.g. an integration-test probe.
 * Framework properties are set by whoever launches the element, never by an extension.
 */
final class BundleClassifier {
    static final String PLATFORM_LOCATIONS = "gatehouse.platform.location.prefixes";

    private final Path extensionsFolder;
    private final Path platformFolder;
    private final Set<Long> platformAtStart;
    private final List<String> platformLocations;

    BundleClassifier(Path extensionsFolder, Path platformFolder, Set<Long> platformAtStart, List<String> platformLocations) {
        this.extensionsFolder = extensionsFolder;
        this.platformFolder = platformFolder;
        this.platformAtStart = Set.copyOf(platformAtStart);
        this.platformLocations = List.copyOf(platformLocations);
    }

    /** Classifies the bundles present now, before any hook exists: the ones not from extension places are platform. */
    static BundleClassifier atStart(Path extensionsFolder, Path platformFolder, List<String> platformLocations, Bundle[] present) {
        BundleClassifier probe = new BundleClassifier(extensionsFolder, platformFolder, Set.of(), platformLocations);
        Set<Long> platform = new java.util.HashSet<>();
        for (Bundle b : present) {
            if (!probe.fromExtensionPlace(b.getLocation())) {
                platform.add(b.getBundleId());
            }
        }
        return new BundleClassifier(extensionsFolder, platformFolder, platform, platformLocations);
    }

    boolean isExtension(Bundle bundle) {
        if (bundle.getBundleId() == 0) {
            return false;
        }
        String location = bundle.getLocation();
        if (fromExtensionPlace(location)) {
            return true;
        }
        if (platformAtStart.contains(bundle.getBundleId()) || platformLocations.stream().anyMatch(location::startsWith)) {
            return false;
        }
        return !locationPath(location).map(p -> p.startsWith(platformFolder)).orElse(false);
    }

    private boolean fromExtensionPlace(String location) {
        return location.startsWith(ExtensionInstaller.LOCATION_PREFIX)
                || locationPath(location).map(p -> p.startsWith(extensionsFolder)).orElse(false);
    }

    /** The file a location points at: {@code file:/x}, {@code file:///x}, {@code reference:file:/x} or a plain path. */
    static Optional<Path> locationPath(String location) {
        String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            if (l.startsWith("file:")) {
                return Optional.of(Path.of(URI.create(l)).toAbsolutePath().normalize());
            }
            if (l.startsWith("/")) {
                return Optional.of(Path.of(l).normalize());
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The codebase of any bundle: symbolic name, version, location and the subjects of its signers. */
    static Codebase codebaseOf(Bundle bundle) {
        String name = bundle.getSymbolicName() == null ? "bundle-" + bundle.getBundleId() : bundle.getSymbolicName();
        Version version;
        try {
            version = Version.parse(bundle.getVersion().toString());
        } catch (IllegalArgumentException e) {
            version = Version.ZERO;
        }
        List<String> signers = new ArrayList<>();
        for (List<X509Certificate> chain : bundle.getSignerCertificates(Bundle.SIGNERS_TRUSTED).values()) {
            if (!chain.isEmpty()) {
                signers.add(chain.get(0).getSubjectX500Principal().getName());
            }
        }
        return new Codebase(name, version, bundle.getLocation(), signers);
    }
}
