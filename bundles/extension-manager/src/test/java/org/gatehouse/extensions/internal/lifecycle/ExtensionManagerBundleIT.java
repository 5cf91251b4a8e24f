package org.gatehouse.extensions.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

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
    Framework framework;
    BundleContext system;

    @BeforeEach
    void start() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, temp.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
        config.put("felix.extensions.disable", "true");
        config.put("gatehouse.home", home.toString());
        config.put("gatehouse.sandbox.enforcement", "optional");
        framework = new Felix(config);
        framework.start();
        system = framework.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(type.getName() + " comes from " + path + ", not a jar: run the build through `package`");
        }
        return path;
    }

    private List<Bundle> installPlatform() throws Exception {
        List<Bundle> bundles = new ArrayList<>();
        for (Class<?> type : List.of(com.fasterxml.jackson.annotation.JsonProperty.class, com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.dataformat.xml.XmlMapper.class,
                com.ctc.wstx.stax.WstxInputFactory.class, org.codehaus.stax2.XMLStreamReader2.class,
                org.gatehouse.schemas.XmlDocumentReader.class, org.gatehouse.files.AtomicFile.class, org.bouncycastle.jce.provider.BouncyCastleProvider.class,
                org.bouncycastle.asn1.cms.ContentInfo.class, org.bouncycastle.cert.X509CertificateHolder.class,
                org.gatehouse.sdk.bladelet.Bladelet.class, org.gatehouse.extension.descriptor.BladeletFactory.class,
                org.gatehouse.qualification.InstallQualifier.class, org.gatehouse.policy.osgi.PolicyEngineActivator.class,
                // Declarative Services, which runs the manager's component
                org.osgi.util.function.Function.class, org.osgi.util.promise.Promise.class,
                org.osgi.service.component.ComponentContext.class, org.apache.felix.scr.info.ScrInfo.class)) {
            bundles.add(system.installBundle(jarOf(type).toUri().toString()));
        }
        bundles.add(system.installBundle(Path.of(System.getProperty("extension.manager.jar")).toUri().toString()));
        return bundles;
    }

    @Test
    void theBundleResolvesRegistersItsServiceAndInstallsAnExtension() throws Exception {
        for (Bundle b : installPlatform()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        Object manager = awaitService("org.gatehouse.extensions.api.ExtensionManager");
        Bundle managerBundle = bundle("org.gatehouse.extension-manager");
        Class<?> uploaderType = managerBundle.loadClass("org.gatehouse.extensions.api.Uploader");
        Object uploader = uploaderType.getConstructor(String.class, String.class).newInstance("alice", "pass.jar");
        Path jar = ExtensionJars.passing("com.acme.bundled", "1.0.0").writeTo(temp.resolve("uploads/pass.jar"));

        Method install = manager.getClass().getMethod("install", Path.class, Optional.class, uploaderType);
        Object record = install.invoke(manager, jar, Optional.empty(), uploader);

        assertEquals("ENABLED", record.getClass().getMethod("state").invoke(record).toString());
        assertEquals(Bundle.ACTIVE, bundle("com.acme.bundled").getState());
        assertEquals(List.of("pass"), record.getClass().getMethod("bladelets").invoke(record));
    }

    private Object awaitService(String name) throws Exception {
        for (int i = 0; i < 600; i++) {
            ServiceReference<?>[] refs = system.getAllServiceReferences(name, null);
            if (refs != null) {
                Object service = system.getService(refs[0]);
                assertNotNull(service);
                return service;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not registered within 60 s; bundles: " + states());
    }

    private String states() {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : system.getBundles()) {
            sb.append(b.getSymbolicName()).append('=').append(b.getState()).append(' ');
        }
        return sb.toString();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : system.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " not installed");
    }
}
