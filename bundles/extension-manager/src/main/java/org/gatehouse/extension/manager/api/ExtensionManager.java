package org.gatehouse.extension.manager.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The extension store and lifecycle, an OSGi service. Every operation qualifies and checks all
 * it can before changing anything; a rejected operation changes nothing and says why. State is
 * kept under {@code <data>/extension-store/} and re-applied at start, so after a crash at any
 * moment an operation is either done or not done.
 *
 * <pre>{@code
 * UploadPreview preview = manager.preview(jar, Optional.of(policy), new Uploader("alice", "rate-limiter.jar"));
 * ExtensionRecord installed = manager.install(jar, Optional.of(policy), new Uploader("alice", "rate-limiter.jar"));
 * }</pre>
 */
@ProviderType
public interface ExtensionManager {

    /** Every extension in the store, by symbolic name. */
    List<ExtensionRecord> list();

    Optional<ExtensionRecord> get(String symbolicName);

    /** Qualification and the policy merge for this upload, installing nothing (docs/extensions.md "Lifecycle"). */
    UploadPreview preview(Path jar, Optional<byte[]> policy, Uploader uploader) throws ExtensionOperationException;

    /** Qualifies, stores, installs and starts a new extension; its bladelets can then be used in flows. */
    ExtensionRecord install(Path jar, Optional<byte[]> policy, Uploader uploader) throws ExtensionOperationException;

    /**
     * Replaces an installed extension by a newer version without dropping traffic: the new
     * version starts before the old one stops, so messages in flight finish on the old one.
     * Without a policy the current one is kept.
     */
    ExtensionRecord upgrade(String symbolicName, Path jar, Optional<byte[]> policy, Uploader uploader)
            throws ExtensionOperationException;

    ExtensionRecord enable(String symbolicName) throws ExtensionOperationException;

    ExtensionRecord disable(String symbolicName) throws ExtensionOperationException;

    /** Replaces the extension's policy; the merged result is in force when this returns. */
    ExtensionRecord replacePolicy(String symbolicName, byte[] policy, Uploader uploader) throws ExtensionOperationException;

    /** Stops, uninstalls and forgets the extension (its data folder is kept). */
    void remove(String symbolicName) throws ExtensionOperationException;

    /**
     * The conditions a conditional enable set for this extension and where it stands with them
     * (its enable's end, why it was disabled); {@link ExtensionConditions#none()} for one enabled
     * unconditionally, empty when no such extension is installed.
     *
     * @since 1.1
     */
    default Optional<ExtensionConditions> conditionsOf(String symbolicName) {
        return get(symbolicName).map(r -> ExtensionConditions.none());
    }

    /** The alerts on denied and conditional loads so far. @since 1.1 */
    default LoadAlerts loadAlerts() {
        return LoadAlerts.none();
    }
}
