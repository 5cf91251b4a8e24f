package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gatehouse.test.support.osgi.TestBundle;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Without a decider in the sandbox bridge nothing guards extension code, so an extension must not
 * resolve at all unless enforcement was explicitly made optional. The bridge takes one decider per
 * JVM: the shared {@link SandboxFramework} holds it, so the control modules started here find the
 * bridge taken, exactly as an element started without its own decider would.
 */
class FailClosedWithoutDeciderTest {

    @Test
    void withoutADeciderExtensionsDoNotResolve() throws Exception {
        assertTrue(SandboxFramework.control.deciderInstalled(), "the shared framework holds this JVM's decider");
        Element element = Element.start("required");
        try {
            assertFalse(element.control.deciderInstalled());
            Bundle extension = element.installExtension("fail-closed-required");
            assertFalse(element.framework.adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .resolveBundles(java.util.List.of(extension)), "an unguarded extension resolved");
            assertEquals(Bundle.INSTALLED, extension.getState());
        } finally {
            element.stop();
        }
    }

    @Test
    void optionalEnforcementLetsTheSameExtensionResolve() throws Exception {
        assertTrue(SandboxFramework.control.deciderInstalled(), "the shared framework holds this JVM's decider");
        Element element = Element.start("optional");
        try {
            assertFalse(element.control.deciderInstalled());
            Bundle extension = element.installExtension("fail-closed-optional");
            assertTrue(element.framework.adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .resolveBundles(java.util.List.of(extension)), "the extension did not resolve");
            assertEquals(Bundle.RESOLVED, extension.getState());
        } finally {
            element.stop();
        }
    }

    /** A framework of its own with a control module whose bridge is already taken. */
    private static final class Element {
        final Path home;
        final TestFramework osgi;
        final Framework framework;
        final SandboxControl control;

        private Element(Path home, TestFramework osgi, SandboxControl control) {
            this.home = home;
            this.osgi = osgi;
            this.framework = osgi.framework();
            this.control = control;
        }

        static Element start(String enforcement) throws Exception {
            Path temp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "fail-closed-");
            Path home = Files.createDirectories(temp.resolve("home"));
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("extensions"));
            try (InputStream in = FailClosedWithoutDeciderTest.class.getResourceAsStream("/osgi/system-policy.xml")) {
                Files.copy(in, conf.resolve("system-policy.xml"));
            }
            Map<String, String> config = new HashMap<>();
            config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
            config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_APP);
            config.put("gatehouse.home", home.toString());
            config.put("gatehouse.conf.dir", conf.toString());
            config.put("gatehouse.data.dir", temp.resolve("data").toString());
            config.put(ControlSettings.ENFORCEMENT, enforcement);
            TestFramework osgi = TestFramework.start(temp.resolve("cache"), config);
            SandboxControl control = new SandboxControl(osgi.context());
            control.start();
            return new Element(home, osgi, control);
        }

        Bundle installExtension(String symbolicName) throws Exception {
            Path jar = TestBundle.named(symbolicName).header("Import-Package", "org.osgi.framework")
                    .writeTo(home.resolve("extensions").resolve(symbolicName + ".jar"));
            return osgi.install(jar);
        }

        void stop() throws Exception {
            control.stop();
            osgi.close();
        }
    }
}
