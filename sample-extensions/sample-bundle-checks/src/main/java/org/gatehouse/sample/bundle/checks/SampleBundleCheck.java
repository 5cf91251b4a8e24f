package org.gatehouse.sample.bundle.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Checks a sample's packaged jar ({@code target/<artifactId>-<version>.jar}, given to the
 * integration tests in the {@code sample.bundle.jar} system property) as the element will see it
 * at upload: an OSGi bundle with the expected symbolic name, its descriptor and policy inside,
 * importing only packages of the vendor system policy's class space and never {@code java.*},
 * and resolving in a real Felix framework where the SDK bundle is the only other bundle.
 *
 * <pre>{@code
 * SampleBundleCheck bundle = SampleBundleCheck.fromSystemProperty();
 * bundle.assertExtensionBundle("org.gatehouse.sample.rate-limiter");
 * bundle.assertResolvesAgainstTheSdkAlone("org.gatehouse.sample.rate.limiter.RateLimiterStep", Bladelet.class);
 * }</pre>
 */
public final class SampleBundleCheck {
    /** The system property the sample aggregator's failsafe configuration sets. */
    public static final String JAR_PROPERTY = "sample.bundle.jar";
    /** Where the bladelet descriptor lives in an extension bundle. */
    public static final String DESCRIPTOR_ENTRY = "OSGI-INF/gatehouse/bladelets.xml";

    /** One clause of Import-Package: a package name, then attributes and directives. */
    private static final Pattern IMPORT_CLAUSE = Pattern.compile("([A-Za-z0-9_.]+)((?:;[^,\"]*(?:\"[^\"]*\")?)*)");

    private final Path jar;

    private SampleBundleCheck(Path jar) {
        this.jar = jar;
    }

    /** The jar named by {@value #JAR_PROPERTY}. */
    public static SampleBundleCheck fromSystemProperty() {
        String path = System.getProperty(JAR_PROPERTY);
        assertNotNull(path, "system property " + JAR_PROPERTY + " is not set: run this as an integration test (mvn verify)");
        return of(Path.of(path));
    }

    /** The given jar. */
    public static SampleBundleCheck of(Path jar) {
        assertTrue(Files.isRegularFile(jar), jar + " does not exist: package the sample first");
        return new SampleBundleCheck(jar);
    }

    /** The jar. */
    public Path jar() {
        return jar;
    }

    /** The manifest's main attributes. */
    public Attributes manifest() {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getManifest(), jar + " has no manifest");
            return file.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packages named in Import-Package, in order. */
    public List<String> importedPackages() {
        String header = manifest().getValue(Constants.IMPORT_PACKAGE);
        List<String> packages = new ArrayList<>();
        if (header == null) {
            return packages;
        }
        Matcher m = IMPORT_CLAUSE.matcher(header);
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    /**
     * The bundle's shape: symbolic name, OSGi R4+ manifest, descriptor and policy inside, no exports,
     * no fragment host, no Require-Bundle, no native code, the SDK imported, every import within the vendor
     * system policy's class space, and no {@code java.*} import (install qualification refuses those).
     */
    public void assertExtensionBundle(String symbolicName) {
        Attributes manifest = manifest();
        assertEquals("2", manifest.getValue(Constants.BUNDLE_MANIFESTVERSION), "Bundle-ManifestVersion");
        assertEquals(symbolicName, manifest.getValue(Constants.BUNDLE_SYMBOLICNAME), "Bundle-SymbolicName");
        assertNotNull(manifest.getValue(Constants.BUNDLE_VERSION), "Bundle-Version");
        for (String header : List.of(Constants.EXPORT_PACKAGE, Constants.FRAGMENT_HOST, Constants.REQUIRE_BUNDLE,
                Constants.BUNDLE_NATIVECODE, Constants.DYNAMICIMPORT_PACKAGE)) {
            assertNull(manifest.getValue(header), header + " has no place in a sample extension");
        }
        List<String> imports = importedPackages();
        assertTrue(imports.stream().anyMatch(p -> p.startsWith("org.gatehouse.sdk.")), "a sample imports the SDK");
        List<String> classSpace = vendorClassSpace();
        for (String imported : imports) {
            // install qualification refuses java.* imports: the JDK's packages come through boot delegation
            assertFalse(imported.equals("java") || imported.startsWith("java."), "Import-Package " + imported + " is a JDK package");
            assertTrue(packageAllowed(imported, classSpace), "Import-Package " + imported
                    + " is outside the vendor system policy's class space " + classSpace);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getEntry(DESCRIPTOR_ENTRY), DESCRIPTOR_ENTRY + " is missing");
            assertNotNull(file.getEntry(SamplePolicyCheck.POLICY_ENTRY), SamplePolicyCheck.POLICY_ENTRY + " is missing");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs the SDK bundle and this jar in a fresh Felix framework, starts the sample, loads the
     * bladelet class through it and checks that the class comes from the sample bundle, implements the
     * SDK interface the SDK bundle exports, and that every package wire goes to the SDK bundle (or, for
     * a class-space package such as {@code javax.net.ssl}, to the framework).
     */
    public void assertResolvesAgainstTheSdkAlone(String className, Class<?> sdkInterface) throws Exception {
        Path storage = Files.createTempDirectory("sample-felix");
        Framework framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            Bundle sdk = context.installBundle(sdkLocation());
            Bundle sample = context.installBundle(jar.toUri().toString());
            startOrExplain(sample);
            Class<?> type = sample.loadClass(className);
            assertTrue(type.getClassLoader() instanceof BundleReference reference && reference.getBundle() == sample,
                    className + " was not loaded from the sample bundle");
            assertTrue(sdk.loadClass(sdkInterface.getName()).isAssignableFrom(type),
                    className + " does not implement the SDK bundle's " + sdkInterface.getName());
            for (BundleWire wire : sample.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
                Bundle provider = wire.getProviderWiring().getBundle();
                String pkg = String.valueOf(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE));
                assertTrue(provider == sdk || provider.getBundleId() == 0 && packageAllowed(pkg, vendorClassSpace()),
                        "package " + pkg + " is wired to " + provider + ", neither the SDK nor the framework for a class-space package");
            }
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
            deleteTree(storage);
        }
    }

    /** The packages the vendor default system policy lets an extension import ({@code <class-space>}). */
    private static List<String> vendorClassSpace() {
        try {
            return SamplePolicyCheck.defaultSystemPolicy().allowedPackages();
        } catch (XmlDocumentException e) {
            throw new IllegalStateException("the vendor default system policy does not read: " + e.getMessage(), e);
        }
    }

    /** The class space's matching: {@code a.b} is exactly that package, {@code a.b.*} the packages below it. */
    static boolean packageAllowed(String packageName, List<String> allowed) {
        for (String pattern : allowed) {
            if (pattern.equals(packageName) || pattern.endsWith(".*") && packageName.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static void startOrExplain(Bundle sample) {
        try {
            sample.start();
        } catch (BundleException e) {
            fail("the sample bundle does not start with only the SDK installed: " + e.getMessage(), e);
        }
        assertEquals(Bundle.ACTIVE, sample.getState(), "sample bundle state");
    }

    /** The SDK as a bundle location: its jar, or its classes folder (with the manifest bnd wrote) in a reactor build. */
    private static String sdkLocation() throws URISyntaxException {
        Path sdk = Path.of(Bladelet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isDirectory(sdk) ? "reference:" + sdk.toUri() : sdk.toUri().toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
