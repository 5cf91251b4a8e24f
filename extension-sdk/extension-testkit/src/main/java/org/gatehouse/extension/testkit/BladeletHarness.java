package org.gatehouse.extension.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Objects;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;

/**
 * The entry point of the test kit: an extension's descriptor, read and checked as the element
 * reads it at upload, and the class loader its bladelets come from. Pick a bladelet with
 * {@link #bladelet(String)}, give it parameters, and start it.
 *
 * <p>The descriptor lives at {@value ExtensionDescriptor#BUNDLE_ENTRY} in the extension jar, so
 * in a Maven project at {@code src/main/resources/OSGI-INF/gatehouse/bladelets.xml};
 * {@link #fromClassPath()} finds it there during {@code mvn test}.
 *
 * <pre>{@code
 * BladeletHarness harness = BladeletHarness.fromClassPath();
 * try (BladeletUnderTest step = harness.bladelet("header-rewrite").parameter("header", "X-Env").start()) {
 *     ...
 * }
 * }</pre>
 */
public final class BladeletHarness {
    private final ExtensionDescriptor descriptor;
    private final ClassLoader loader;

    private BladeletHarness(ExtensionDescriptor descriptor, ClassLoader loader) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** The descriptor on the test's class path, and the bladelet classes from that class path. */
    public static BladeletHarness fromClassPath() throws XmlDocumentException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BladeletHarness.class.getClassLoader();
        }
        return new BladeletHarness(new BladeletDescriptorReader().readFromClassLoader(loader), loader);
    }

    /** The descriptor inside a built extension jar, and the bladelet classes from that jar. */
    public static BladeletHarness fromJar(Path jar) throws XmlDocumentException {
        ExtensionDescriptor descriptor = new BladeletDescriptorReader().readFromJar(jar);
        try {
            // the SDK comes from the test's class path, as the element's SDK bundle serves every extension
            URL[] urls = {jar.toUri().toURL()};
            return new BladeletHarness(descriptor, new URLClassLoader(urls, BladeletHarness.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A descriptor given as a file, with the bladelet classes from the given loader. */
    public static BladeletHarness fromDescriptor(Path descriptorFile, ClassLoader loader) throws XmlDocumentException {
        return new BladeletHarness(new BladeletDescriptorReader().read(descriptorFile), loader);
    }

    /** A descriptor built in code, with the bladelet classes from the given loader. */
    public static BladeletHarness of(ExtensionDescriptor descriptor, ClassLoader loader) {
        return new BladeletHarness(descriptor, loader);
    }

    /** The descriptor as read and checked. */
    public ExtensionDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Starts setting up the named bladelet.
     *
     * @throws IllegalArgumentException when the descriptor has no bladelet of that name
     */
    public BladeletSetup bladelet(String name) {
        return new BladeletSetup(descriptor.requireBladelet(name), loader);
    }
}
