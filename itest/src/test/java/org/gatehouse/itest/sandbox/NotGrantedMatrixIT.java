package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.gatehouse.itest.support.Distribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;

/**
 * Column (a) of the behaviour matrix: the shipped default system policy
 * ({@code <dist>/conf/system-policy.xml}) and an extension without a policy of its own. Every
 * escape route is denied with a {@code SandboxDeniedException} naming the permission, its effect
 * does not happen, and the element keeps running.
 */
class NotGrantedMatrixIT extends BehaviourMatrix {

    @BeforeAll
    static void bootWithTheShippedDefaultPolicy() throws Exception {
        boot(Files.readAllBytes(Distribution.located().confDir().resolve("system-policy.xml")), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void deniedWhenNotGranted(EscapeRoute route) throws Exception {
        assertDenied(route);
    }

    @Test
    void theExtensionIsAnExtensionWithNothingGrantedBeyondTheDefaults() {
        assertEquals(List.of(), element.mergeWarnings());
        assertTrue(element.extension().getLocation().startsWith(element.home().resolve("extensions").toUri().toString()));
    }

    /**
     * The launcher and Felix run from the application class loader, as this test does: the same
     * actions the extension is denied are allowed to it (the decider treats that loader as platform).
     */
    @Test
    void codeOfTheApplicationClassLoaderIsPlatform() throws Exception {
        world.reset();
        System.setProperty(MatrixWorld.PROPERTY_KEY, "set by the platform");
        Files.writeString(world.writable(), "written by the platform");
        Thread thread = new Thread(() -> { }, "platform-thread");
        thread.start();
        thread.join();
        assertEquals("set by the platform", System.clearProperty(MatrixWorld.PROPERTY_KEY));
        assertTrue(Files.exists(world.writable()));
    }

    /** docs/threat-model.md "Class-space rules": no fragments of platform bundles; a class-space rule, not a permission, so it has no granted column. */
    @Test
    void aFragmentOfAPlatformBundleDoesNotAttach() throws Exception {
        java.nio.file.Path jar = element.home().resolve("extensions").resolve("fragment.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.gatehouse.itest.matrix.fragment");
        manifest.getMainAttributes().putValue("Fragment-Host", "org.gatehouse.policy-engine");
        try (var out = Files.newOutputStream(jar); var ignored = new java.util.jar.JarOutputStream(out, manifest)) {
            // the manifest is the whole fragment
        }
        Bundle fragment = element.framework().getBundleContext().installBundle(jar.toUri().toString());
        element.framework().adapt(org.osgi.framework.wiring.FrameworkWiring.class).resolveBundles(List.of(fragment));
        assertEquals(Bundle.INSTALLED, fragment.getState(), "a fragment of a platform bundle must not resolve (attach)");
        fragment.uninstall();
    }
}
