package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestBundle;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * The packaged bundle, as the element runs it: installed with policy-schemas, platform-files, Jackson and Woodstox
 * into Felix, started by its activator with no conf/system-policy.xml (so the vendor default
 * applies), its services registered, and its resolver hook refusing an extension that imports a
 * platform package the default policy does not allow.
 */
class PolicyEngineBundleIT {
    @TempDir
    Path temp;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    TestFramework framework;
    BundleContext system;

    @BeforeEach
    void start() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("extensions"));
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
        config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_APP);
        config.put("felix.extensions.disable", "true");
        config.put("gatehouse.home", home.toString());
        framework = frameworks.start(temp.resolve("cache"), config);
        system = framework.context();
    }

    private List<Bundle> installPlatform() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (Class<?> type : List.of(com.fasterxml.jackson.annotation.JsonProperty.class, com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.dataformat.xml.XmlMapper.class,
                com.ctc.wstx.stax.WstxInputFactory.class, org.codehaus.stax2.XMLStreamReader2.class,
                org.gatehouse.policy.schemas.XmlDocumentReader.class, org.gatehouse.platform.files.AtomicFile.class)) {
            jars.add(BundleJars.jarOf(type));
        }
        jars.add(Path.of(System.getProperty("policy.engine.jar")));
        return framework.installAll(jars);
    }

    @Test
    void theBundleResolvesStartsAndGuardsTheClassSpace() throws Exception {
        framework.startAll(installPlatform());
        Bundle engine = framework.bundle("org.gatehouse.policy-engine");
        assertEquals(Bundle.ACTIVE, engine.getState());
        // getAll...: this test's class path has its own copy of the API classes, which the framework
        // would otherwise count as a different class space and filter out
        assertNotNull(system.getAllServiceReferences("org.gatehouse.policy.engine.api.PolicyService", null));
        assertNotNull(system.getAllServiceReferences("org.gatehouse.policy.engine.api.ExtensionInstaller", null));
        assertNotNull(system.getAllServiceReferences("org.osgi.framework.hooks.resolver.ResolverHookFactory", null));

        Path extensions = temp.resolve("home/extensions");
        Bundle greedy = system.installBundle(TestBundle.named("com.acme.greedy")
                .header("Import-Package", "org.gatehouse.policy.engine.api").writeTo(extensions.resolve("greedy.jar")).toUri().toString());
        BundleException e = assertThrows(BundleException.class, greedy::start);
        assertTrue(e.getMessage().contains("org.gatehouse.policy.engine.api"), e.getMessage());
        Bundle modest = system.installBundle(TestBundle.named("com.acme.modest")
                .header("Import-Package", "org.osgi.framework").writeTo(extensions.resolve("modest.jar")).toUri().toString());
        modest.start();
        assertEquals(Bundle.ACTIVE, modest.getState());
        BundleContext extensionContext = modest.getBundleContext();
        assertNull(extensionContext.getAllServiceReferences("org.gatehouse.policy.engine.api.ExtensionInstaller", null), "hidden from extensions");
        assertNull(extensionContext.getAllServiceReferences("org.osgi.framework.hooks.service.FindHook", null), "hooks too");
        assertTrue(Files.isDirectory(temp.resolve("home/data/extensions/com.acme.modest")), "data folder created");
    }
}
