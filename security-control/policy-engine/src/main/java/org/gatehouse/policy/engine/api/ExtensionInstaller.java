package org.gatehouse.policy.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Installs an extension bundle so that the control module knows it is an extension (untrusted),
 * with an optional policy uploaded beside it. The policy is checked against its schema before
 * anything is installed; it is kept as {@code <conf>/extension-policies/<symbolic name>.xml}, and
 * the policy snapshot that includes the new extension is in force when this method returns.
 * The bundle is installed, not started.
 *
 * <pre>{@code
 * Bundle b = installer.install(Path.of("rate-limiter.jar"), Optional.of(Files.readAllBytes(policyFile)));
 * b.start();
 * }</pre>
 */
@ProviderType
public interface ExtensionInstaller {
    /** The start of the location of every bundle this installer installs: the mark of an uploaded extension. */
    String LOCATION_PREFIX = "gatehouse:extension:";

    /** Where {@link #install} puts an extension: {@code gatehouse:extension:<symbolic name>}. */
    static String locationOf(String symbolicName) {
        return LOCATION_PREFIX + symbolicName;
    }

    /**
     * Where {@link #installBeside} puts one version of an extension:
     * {@code gatehouse:extension:<symbolic name>@<version>}, the version in its OSGi form.
     */
    static String locationBeside(String symbolicName, String version) {
        return LOCATION_PREFIX + symbolicName + "@" + org.osgi.framework.Version.parseVersion(version);
    }

    Bundle install(Path jar, Optional<byte[]> policy) throws IOException, BundleException, XmlDocumentException;

    /** As {@link #install(Path, Optional)}, with {@code name} used in error messages. */
    Bundle install(String name, InputStream jar, Optional<byte[]> policy) throws IOException, BundleException, XmlDocumentException;

    /**
     * Installs another version of an extension beside the one installed now, at location
     * {@code gatehouse:extension:<symbolic name>@<version>}, so that an upgrade can start the new
     * version before it stops the old one (docs/extensions.md "Upgrade"). Policies are kept per symbolic name: a policy
     * given here replaces the uploaded policy of both versions. Refused when a bundle of the same
     * symbolic name and version is installed.
     *
     * @since 1.1
     */
    Bundle installBeside(Path jar, Optional<byte[]> policy) throws IOException, BundleException, XmlDocumentException;

    /**
     * Replaces the uploaded policy of the extension with this symbolic name, or removes it when
     * {@code policy} is empty (the bundle's own {@code OSGI-INF/gatehouse/policy.xml} then applies).
     * The document is checked against its schema first; the snapshot is in force when this returns.
     *
     * @since 1.1
     */
    void replacePolicy(String symbolicName, Optional<byte[]> policy) throws IOException, XmlDocumentException;
}
