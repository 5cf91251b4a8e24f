package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BundleClassifierTest {

    @Test
    void everyCommonLocationFormPointsAtTheSameFile() {
        Path expected = Path.of("/opt/gh/extensions/a.jar");
        assertEquals(Optional.of(expected), BundleClassifier.locationPath("file:/opt/gh/extensions/a.jar"));
        assertEquals(Optional.of(expected), BundleClassifier.locationPath("file:///opt/gh/extensions/a.jar"));
        assertEquals(Optional.of(expected), BundleClassifier.locationPath("reference:file:/opt/gh/extensions/a.jar"));
        assertEquals(Optional.of(expected), BundleClassifier.locationPath("/opt/gh/extensions/../extensions/a.jar"));
        assertEquals(Optional.empty(), BundleClassifier.locationPath("gatehouse:extension:a"));
        assertEquals(Optional.empty(), BundleClassifier.locationPath("file:bad path"));
    }

    @Test
    void aLookAlikeFolderIsNotTheExtensionsFolder() {
        Path extensions = Path.of("/opt/gh/extensions");
        assertTrue(BundleClassifier.locationPath("file:/opt/gh/extensions/a.jar").orElseThrow().startsWith(extensions));
        assertFalse(BundleClassifier.locationPath("file:/opt/gh/extensions-old/a.jar").orElseThrow().startsWith(extensions));
        assertFalse(BundleClassifier.locationPath("file:/opt/gh/extensions/../bundles/a.jar").orElseThrow().startsWith(extensions));
    }

    @Test
    void frameworkExtensionHeadersAreRecognised() {
        assertTrue(FrameworkExtensionGuard.isFrameworkExtension("system.bundle; extension:=framework"));
        assertTrue(FrameworkExtensionGuard.isFrameworkExtension("system.bundle"));
        assertTrue(FrameworkExtensionGuard.isFrameworkExtension("org.apache.felix.framework;bundle-version=7"));
        assertTrue(FrameworkExtensionGuard.isFrameworkExtension("anything; EXTENSION:=bootclasspath"));
        assertFalse(FrameworkExtensionGuard.isFrameworkExtension("com.acme.host"));
    }

    @Test
    void packageAllowListMatchesExactlyOrBelowAStar() {
        var allowed = java.util.List.of("org.gatehouse.sdk", "org.gatehouse.sdk.*");
        assertTrue(ClassSpaceResolverHook.packageAllowed("org.gatehouse.sdk", allowed));
        assertTrue(ClassSpaceResolverHook.packageAllowed("org.gatehouse.sdk.flow", allowed));
        assertFalse(ClassSpaceResolverHook.packageAllowed("org.gatehouse.sdkx", allowed));
        assertFalse(ClassSpaceResolverHook.packageAllowed("org.gatehouse.policy.engine.api", allowed));
        assertTrue(ClassSpaceResolverHook.packageAllowed("anything", java.util.List.of("*")));
    }
}
