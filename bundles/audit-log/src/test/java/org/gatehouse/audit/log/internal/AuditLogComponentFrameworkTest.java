package org.gatehouse.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.Felix;
import org.gatehouse.audit.log.Verification;
import org.gatehouse.audit.log.Verifier;
import org.gatehouse.audit.log.internal.store.AuditFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Boots a real Felix with SCR, installs this bundle from {@code target/classes} (bnd has written
 * its manifest and component XML there by the time tests run), and uses the registered service as
 * another bundle would: the records land under {@code <gatehouse.data.dir>/audit} and verify.
 */
class AuditLogComponentFrameworkTest {
    private static final Path BUNDLE_CLASSES = Path.of("target", "classes").toAbsolutePath();
    private static final String SERVICE = "org.gatehouse.audit.log.AuditLog";

    @TempDir
    Path work;
    private Felix framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void theServiceIsRegisteredOverTheDataFolderAndItsRecordsVerify() throws Exception {
        Path data = work.resolve("data");
        BundleContext context = boot(Map.of("gatehouse.data.dir", data.toString(), "gatehouse.audit.checkpoint-every", "2"));
        Object log = await(context);
        // the service's interface is the bundle's, not the test's copy on the class path
        Class<?> api = log.getClass().getClassLoader().loadClass(SERVICE);
        for (int i = 0; i < 5; i++) {
            assertEquals((long) i, api.getMethod("append", String.class, String.class, String.class, String.class)
                    .invoke(log, "command.status", "alice", "command " + i, "done " + i));
        }
        framework.stop();
        framework.waitForStop(10_000);
        framework = null;

        Path folder = data.resolve("audit");
        assertTrue(Files.exists(folder.resolve(AuditFiles.RECORDS)));
        Verification v = Verifier.verify(folder);
        assertEquals("ok: 5 records, last checkpoint at 4", v.summary());
    }

    @Test
    void withoutADataFolderTheServiceCannotBeObtained() throws Exception {
        BundleContext context = boot(Map.of());
        ServiceReference<?>[] references = context.getAllServiceReferences(SERVICE, null);
        // SCR may keep the registration of a component whose activation failed, but hands out no object
        if (references != null) {
            assertNull(context.getService(references[0]));
        }
    }

    private BundleContext boot(Map<String, String> properties) throws Exception {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String marker : List.of("org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
                "org.osgi.service.component.ComponentContext", "org.apache.felix.scr.impl.Activator")) {
            bundles.add(context.installBundle(jarOf(marker).toUri().toString()));
        }
        bundles.add(context.installBundle("reference:" + BUNDLE_CLASSES.toUri()));
        for (Bundle bundle : bundles) {
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is not active");
        }
        return context;
    }

    private static Object await(BundleContext context) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] references = context.getAllServiceReferences(SERVICE, null);
            if (references != null) {
                Object service = context.getService(references[0]);
                assertNotNull(service);
                return service;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + SERVICE + " service within 10 s");
    }

    private static Path jarOf(String className) throws Exception {
        Path jar = Path.of(Class.forName(className, false, AuditLogComponentFrameworkTest.class.getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(jar.toString().endsWith(".jar"), className + " should come from a jar, not " + jar);
        return jar;
    }
}
