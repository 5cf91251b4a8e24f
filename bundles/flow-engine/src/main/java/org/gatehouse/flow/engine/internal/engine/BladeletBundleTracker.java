package org.gatehouse.flow.engine.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.gatehouse.flow.engine.internal.run.StepServices;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.BundleTracker;

/**
 * Follows ACTIVE bundles that carry {@value ExtensionDescriptor#BUNDLE_ENTRY}: each becomes a
 * {@link BladeletProvider} while it is started. The tracker's listener is synchronous, so
 * {@link #removedBundle} runs while the bundle is STOPPING, its classes still usable: the
 * provider's calls in flight finish there before its instances close, and only then does the
 * bundle's own stop go on. That is what lets an upgrade finish in-flight messages on the old version.
 */
final class BladeletBundleTracker extends BundleTracker<BladeletProvider> {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.bladelets");

    private final FlowEngine engine;
    private final Predicate<Bundle> isExtension;
    private final Path dataDir;
    private final StepServices services;
    private final BladeletDescriptorReader reader = new BladeletDescriptorReader();
    private final AtomicLong starts = new AtomicLong();

    BladeletBundleTracker(BundleContext context, FlowEngine engine, Predicate<Bundle> isExtension, Path dataDir, StepServices services) {
        super(context, Bundle.ACTIVE, null);
        this.engine = engine;
        this.isExtension = isExtension;
        this.dataDir = dataDir;
        this.services = services;
    }

    @Override
    public BladeletProvider addingBundle(Bundle bundle, BundleEvent event) {
        URL entry = bundle.getEntry(ExtensionDescriptor.BUNDLE_ENTRY);
        if (entry == null || bundle.getSymbolicName() == null) {
            return null;
        }
        String name = bundle.getSymbolicName();
        String source = name + "!/" + ExtensionDescriptor.BUNDLE_ENTRY;
        try {
            ExtensionDescriptor descriptor;
            try (InputStream in = entry.openStream()) {
                descriptor = reader.read(source, in.readNBytes(XmlDocumentReader.MAX_DOCUMENT_BYTES + 1));
            }
            boolean extension = isExtension.test(bundle);
            Path folder = dataDir.resolve(extension ? "extensions" : "platform").resolve(name);
            Files.createDirectories(folder);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null || wiring.getClassLoader() == null) {
                LOG.log(System.Logger.Level.ERROR, "{0} is started but has no class loader; its bladelets are not used", name);
                return null;
            }
            BladeletProvider provider = new BladeletProvider(name, bundle.getVersion().toString(), extension, descriptor,
                    wiring.getClassLoader(), folder, starts.incrementAndGet(), services);
            engine.registry().add(provider);
            return provider;
        } catch (XmlDocumentException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}; the bladelets of {1} are not used", e.getMessage(), name);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot prepare the bladelets of " + name + ": " + e.getMessage());
        }
        return null;
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, BladeletProvider provider) {
        engine.registry().remove(provider, engine.drainBound());
    }
}
