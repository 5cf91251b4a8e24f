package org.gatehouse.extension.manager.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The packaged bundle as the element runs it: installed into Felix with the control module, the
 * SDK, the descriptor reader, install qualification, Bouncy Castle, policy-schemas, platform-files, Jackson and
 * Woodstox, and SCR, all as bundles; it resolves, registers its service once the control module is there,
 * and installs and starts an extension whose bladelet implements the SDK interface of the SDK
 * bundle. The service lives in the bundles' class space, so the test calls it by reflection.
 */
class ExtensionManagerBundleIT {
    @TempDir
    Path temp;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    TestFramework framework;
    BundleContext system;

    @BeforeEach
    void start() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        // the test's bundle is unsigned and unlisted: this element admits it by a rule of its own
        Files.writeString(Files.createDirectories(home.resolve("conf")).resolve(QualifierSource.RULES), ManagerFramework.TEST_RULES);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
        config.put("felix.extensions.disable", "true");
        config.put("gatehouse.home", home.toString());
        config.put("gatehouse.sandbox.enforcement", "optional");
        framework = frameworks.start(temp.resolve("cache"), config);
        system = framework.context();
    }

    private List<Bundle> installPlatform() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (Class<?> type : List.of(com.fasterxml.jackson.annotation.JsonProperty.class, com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.dataformat.xml.XmlMapper.class,
                com.ctc.wstx.stax.WstxInputFactory.class, org.codehaus.stax2.XMLStreamReader2.class,
                org.gatehouse.policy.schemas.XmlDocumentReader.class, org.gatehouse.platform.files.AtomicFile.class,
                org.bouncycastle.jce.provider.BouncyCastleProvider.class,
                org.bouncycastle.asn1.cms.ContentInfo.class, org.bouncycastle.cert.X509CertificateHolder.class,
                org.gatehouse.sdk.bladelet.Bladelet.class, org.gatehouse.extension.descriptor.BladeletFactory.class,
                org.gatehouse.extension.qualification.InstallQualifier.class, org.gatehouse.policy.engine.osgi.PolicyEngineActivator.class,
                // Declarative Services, which runs the manager's component
                org.osgi.util.function.Function.class, org.osgi.util.promise.Promise.class,
                org.osgi.service.component.ComponentContext.class, org.apache.felix.scr.info.ScrInfo.class)) {
            jars.add(BundleJars.jarOf(type));
        }
        jars.add(Path.of(System.getProperty("extension.manager.jar")));
        return framework.installAll(jars);
    }

    @Test
    void theBundleResolvesRegistersItsServiceAndInstallsAnExtension() throws Exception {
        framework.startAll(installPlatform());
        Object manager = framework.service("org.gatehouse.extension.manager.api.ExtensionManager", Duration.ofSeconds(60));
        Bundle managerBundle = framework.bundle("org.gatehouse.extension-manager");
        Class<?> uploaderType = managerBundle.loadClass("org.gatehouse.extension.manager.api.Uploader");
        Object uploader = uploaderType.getConstructor(String.class, String.class).newInstance("alice", "pass.jar");
        Path jar = ExtensionJars.passing("com.acme.bundled", "1.0.0").writeTo(temp.resolve("uploads/pass.jar"));

        Method install = manager.getClass().getMethod("install", Path.class, Optional.class, uploaderType);
        Object record = install.invoke(manager, jar, Optional.empty(), uploader);

        assertEquals("ENABLED", record.getClass().getMethod("state").invoke(record).toString());
        assertEquals(Bundle.ACTIVE, framework.bundle("com.acme.bundled").getState());
        assertEquals(List.of("pass"), record.getClass().getMethod("bladelets").invoke(record));
    }
}
