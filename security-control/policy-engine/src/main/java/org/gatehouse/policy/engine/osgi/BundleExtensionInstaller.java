package org.gatehouse.policy.engine.osgi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * Installs extension bundles at location {@code gatehouse:extension:<symbolic name>}, which is
 * what marks them as extensions for good. Everything that can be checked is checked before the
 * framework sees the bundle: size, that it has a symbolic name fit for a file name, that the
 * policy reads, that no bundle holds that location yet.
 */
final class BundleExtensionInstaller implements ExtensionInstaller {
    /** Larger uploads are refused; install qualification may set a lower bound. */
    static final int MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

    private final BundleContext context;
    private final PolicyRefresher refresher;

    BundleExtensionInstaller(BundleContext context, PolicyRefresher refresher) {
        this.context = context;
        this.refresher = refresher;
    }

    @Override
    public Bundle install(Path jar, Optional<byte[]> policy) throws IOException, BundleException, XmlDocumentException {
        try (InputStream in = Files.newInputStream(jar)) {
            return install(jar.getFileName().toString(), in, policy);
        }
    }

    @Override
    public Bundle install(String name, InputStream jar, Optional<byte[]> policy) throws IOException, BundleException, XmlDocumentException {
        byte[] content = read(name, jar);
        String symbolicName = manifest(name, content).symbolicName();
        return install(name, content, symbolicName, ExtensionInstaller.locationOf(symbolicName), policy);
    }

    @Override
    public Bundle installBeside(Path jar, Optional<byte[]> policy) throws IOException, BundleException, XmlDocumentException {
        String name = jar.getFileName().toString();
        byte[] content;
        try (InputStream in = Files.newInputStream(jar)) {
            content = read(name, in);
        }
        Identity identity = manifest(name, content);
        for (Bundle other : context.getBundles()) {
            if (identity.symbolicName().equals(other.getSymbolicName()) && identity.version().equals(other.getVersion())) {
                throw new BundleException(name + ": " + identity.symbolicName() + " " + identity.version() + " is installed already",
                        BundleException.DUPLICATE_BUNDLE_ERROR);
            }
        }
        String location = ExtensionInstaller.locationBeside(identity.symbolicName(), identity.version().toString());
        return install(name, content, identity.symbolicName(), location, policy);
    }

    @Override
    public void replacePolicy(String symbolicName, Optional<byte[]> policy) throws IOException, XmlDocumentException {
        String policyName;
        try {
            policyName = ExtensionPolicies.nameFor(symbolicName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (policy.isPresent()) {
            new PolicyParser(refresher.registry()).extensionPolicy(symbolicName + ".xml", policy.get());
        }
        // a confirmed change: the file and the content in force together, never reported as an edit by hand
        refresher.policies().ledger().write(policyName, policy);
        refresher.refreshNow();
    }

    private static byte[] read(String name, InputStream jar) throws IOException, BundleException {
        byte[] content = jar.readNBytes(MAX_BUNDLE_BYTES + 1);
        if (content.length > MAX_BUNDLE_BYTES) {
            throw new BundleException(name + ": bundle is larger than " + MAX_BUNDLE_BYTES + " bytes", BundleException.READ_ERROR);
        }
        return content;
    }

    private Bundle install(String name, byte[] content, String symbolicName, String location, Optional<byte[]> policy)
            throws IOException, BundleException, XmlDocumentException {
        String policyName;
        try {
            policyName = ExtensionPolicies.nameFor(symbolicName);
        } catch (IllegalArgumentException e) {
            throw new BundleException(name + ": " + e.getMessage(), BundleException.MANIFEST_ERROR);
        }
        if (context.getBundle(location) != null) {
            throw new BundleException(name + ": an extension " + symbolicName + " is already installed; update or uninstall it first",
                    BundleException.DUPLICATE_BUNDLE_ERROR);
        }
        InForceLedger ledger = refresher.policies().ledger();
        Optional<byte[]> previous = ledger.inForce(policyName);
        if (policy.isPresent()) {
            new PolicyParser(refresher.registry()).extensionPolicy(symbolicName + ".xml", policy.get());
            ledger.write(policyName, policy);
        }
        try {
            Bundle bundle = context.installBundle(location, new ByteArrayInputStream(content));
            refresher.refreshNow();
            return bundle;
        } catch (BundleException | RuntimeException e) {
            if (policy.isPresent()) {
                // puts back the policy in force before the failed install: nothing changes (docs/extensions.md "Lifecycle")
                ledger.write(policyName, previous);
            }
            throw e;
        }
    }

    /** The symbolic name (without directives) and version a bundle's manifest declares. */
    private record Identity(String symbolicName, org.osgi.framework.Version version) {
    }

    private static Identity manifest(String name, byte[] content) throws IOException, BundleException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(content))) {
            Manifest manifest = in.getManifest();
            String header = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (header == null || header.isBlank()) {
                throw new BundleException(name + ": not a bundle: no " + Constants.BUNDLE_SYMBOLICNAME + " in its manifest",
                        BundleException.MANIFEST_ERROR);
            }
            String host = manifest.getMainAttributes().getValue(Constants.FRAGMENT_HOST);
            if (host != null && FrameworkExtensionGuard.isFrameworkExtension(host)) {
                throw new BundleException(name + ": framework-extension fragments are never installed as extensions",
                        BundleException.MANIFEST_ERROR);
            }
            return new Identity(header.split(";", 2)[0].trim(), version(name, manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION)));
        }
    }

    private static org.osgi.framework.Version version(String name, String header) throws BundleException {
        try {
            return header == null ? org.osgi.framework.Version.emptyVersion : org.osgi.framework.Version.parseVersion(header.trim());
        } catch (IllegalArgumentException e) {
            throw new BundleException(name + ": Bundle-Version [" + header + "] is not an OSGi version", BundleException.MANIFEST_ERROR);
        }
    }
}
