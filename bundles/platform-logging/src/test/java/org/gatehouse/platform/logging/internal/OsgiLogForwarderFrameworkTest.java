package org.gatehouse.platform.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Boots a real Felix with the real Felix Log and SCR, installs this bundle from
 * {@code target/classes} (bnd has written its manifest and component XML there by the time tests
 * run) and watches what reaches {@code java.util.logging}.
 */
class OsgiLogForwarderFrameworkTest {
    @TempDir
    Path storage;

    private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord record) { records.add(record); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private Level rootLevel;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();

    @BeforeEach
    void captureJul() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void restoreJul() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void entriesFromBeforeAndAfterActivationReachJulOnceEach() throws Exception {
        BundleContext system = boot();

        // logged before the forwarder existed: replayed from the log service's history
        awaitRecord(r -> r.getLoggerName().equals("Events.Bundle.org.apache.felix.log")
                && r.getMessage().equals("BundleEvent STARTED")
                && r.getLevel() == Level.FINE);

        // logged after activation: delivered live, with its exception
        logThroughLogService(system, "gatehouse forwarding check");
        LogRecord error = awaitRecord(r -> r.getMessage().equals("gatehouse forwarding check"));
        assertEquals(Level.SEVERE, error.getLevel());
        assertEquals("org.apache.felix.framework", error.getLoggerName());
        assertNotNull(error.getThrown());
        assertEquals("forwarded cause", error.getThrown().getMessage());

        assertEquals(1, count(r -> r.getLoggerName().equals("Events.Bundle.org.apache.felix.log")
                && r.getMessage().equals("BundleEvent STARTED")),
                "an entry must be forwarded once, whether replayed or live");
    }

    @Test
    void nothingIsForwardedWithoutTheBundle() throws Exception {
        BundleContext system = bootWithout(true);
        logThroughLogService(system, "not forwarded");
        Thread.sleep(500);
        assertEquals(0, count(r -> r.getMessage().contains("not forwarded")),
                "without platform-logging the OSGi log must not reach JUL (the test would prove nothing otherwise)");
    }

    private BundleContext boot() throws Exception {
        return bootWithout(false);
    }

    private BundleContext bootWithout(boolean withoutForwarder) throws Exception {
        TestFramework framework = frameworks.start(storage);
        List<Path> jars = new ArrayList<>();
        for (String marker : List.of("org.apache.felix.log.Activator", "org.osgi.util.function.Function",
                "org.osgi.util.promise.Promise", "org.osgi.service.component.ComponentContext",
                "org.apache.felix.scr.impl.Activator")) {
            jars.add(jarOf(marker));
        }
        if (!withoutForwarder) {
            jars.add(BundleJars.moduleClasses());
        }
        List<Bundle> bundles = framework.installAndStart(jars);
        for (Bundle bundle : bundles) {
            assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is not active");
        }
        return framework.context();
    }

    /** Logs an ERROR with an exception through the real LogService, as a bundle would. */
    private static void logThroughLogService(BundleContext context, String message) throws Exception {
        // getAllServiceReferences: the test's own copy of the log API (on the class path) is not
        // the framework's, so the class-space filter of getServiceReference would hide the service
        ServiceReference<?>[] references = context.getAllServiceReferences("org.osgi.service.log.LogService", null);
        assertNotNull(references, "the log service is registered");
        ServiceReference<?> reference = references[0];
        Object service = context.getService(reference);
        // the service's interface comes from the framework's class space, not the test's
        Class<?> api = reference.getBundle().loadClass("org.osgi.service.log.LogService");
        Method log = api.getMethod("log", int.class, String.class, Throwable.class);
        log.invoke(service, 1, message, new IllegalStateException("forwarded cause"));
    }

    private LogRecord awaitRecord(Predicate<LogRecord> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (LogRecord record : records) {
                if (wanted.test(record)) {
                    return record;
                }
            }
            Thread.sleep(20);
        }
        List<String> seen = records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage()).toList();
        return fail("no such record within 10 s; seen: " + seen);
    }

    private long count(Predicate<LogRecord> wanted) {
        return records.stream().filter(wanted).count();
    }

    private static Path jarOf(String className) {
        Path jar = BundleJars.of(className);
        assertTrue(jar.toString().endsWith(".jar"), className + " should come from a jar, not " + jar);
        return jar;
    }
}
