package org.gatehouse.policy.engine.osgi;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.osgi.probe.ExtensionProbe;
import org.gatehouse.policy.engine.osgi.testplatform.PlatformSecret;
import org.gatehouse.policy.engine.osgi.testsdk.SdkMarker;
import org.gatehouse.test.support.osgi.TestBundle;
import org.gatehouse.test.support.osgi.TestFramework;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * One real Felix for the framework tests, with the control module started on its system bundle
 * context. Shared by the test classes of this package because the sandbox bridge takes one
 * decider per JVM; started on first use, stopped when the test JVM ends. Each test uses its own
 * extensions and uninstalls them.
 */
final class SandboxFramework {
    static final String PROBE = ExtensionProbe.class.getName();

    static final Path temp;
    static final Path home;
    static final Path conf;
    static final TestFramework osgi;
    static final Framework framework;
    static final BundleContext system;
    static final SandboxControl control;
    static final Bundle platform;
    static final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    static {
        try {
            temp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "felix-");
            home = Files.createDirectories(temp.resolve("gatehouse home"));
            conf = Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("extensions"));
            try (InputStream in = SandboxFramework.class.getResourceAsStream("/osgi/system-policy.xml")) {
                Files.copy(in, conf.resolve("system-policy.xml"));
            }
            osgi = TestFramework.start(temp.resolve("felix-cache"), config());
            framework = osgi.framework();
            system = osgi.context();
            platform = osgi.install(TestBundle.named("test.platform.lib")
                    .header("Export-Package", "org.gatehouse.policy.engine.osgi.testsdk,org.gatehouse.policy.engine.osgi.testplatform")
                    .classes(SdkMarker.class, PlatformSecret.class)
                    .writeTo(temp.resolve("platform/lib.jar")));
            osgi.startAll(List.of(platform));
            system.registerService(AuditSink.class, audited::add, null);
            control = new SandboxControl(system);
            control.start();
            Runtime.getRuntime().addShutdownHook(new Thread(SandboxFramework::stop, "felix-test-stop"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SandboxFramework() {
    }

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        // as in the element: the bridge comes from outside the framework, never through a wire
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
        config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_APP);
        config.put("gatehouse.home", home.toString());
        config.put("gatehouse.conf.dir", conf.toString());
        config.put("gatehouse.data.dir", temp.resolve("data").toString());
        config.put("gatehouse.platform.location.prefixes", "test-platform:");
        return config;
    }

    private static void stop() {
        try {
            control.stop();
            osgi.close();
            try (var paths = Files.walk(temp)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /** The content in force of the policy files, as the control module keeps it. */
    static org.gatehouse.platform.files.InForceLedger ledger() {
        return org.gatehouse.platform.files.InForceLedger.open(conf, temp.resolve("data"));
    }

    /** What a confirmed command does with a policy file: its content in force, then a refresh. */
    static void confirm(String name, String content) throws Exception {
        ledger().commit(name, java.util.Optional.ofNullable(content).map(c -> c.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        system.getService(system.getServiceReference(org.gatehouse.policy.engine.api.PolicyService.class)).refresh();
    }

    static TestBundle probe(String symbolicName) throws Exception {
        return TestBundle.named(symbolicName).header("Import-Package", "org.osgi.framework").classes(ExtensionProbe.class);
    }

    static Bundle installExtension(TestBundle bundle, String file) throws Exception {
        return osgi.install(bundle.writeTo(home.resolve("extensions").resolve(file)));
    }

    /** Calls a static method of the probe class as loaded by the bundle: the extension's code runs it. */
    static Object call(Bundle bundle, String method, Object... args) throws Exception {
        Class<?> probe = bundle.loadClass(PROBE);
        for (Method m : probe.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                return m.invoke(null, args);
            }
        }
        throw new NoSuchMethodException(method);
    }

    static String policy(String... permissions) {
        StringBuilder sb = new StringBuilder("<extension-policy xmlns='urn:gatehouse:extension-policy:1'>");
        for (String p : permissions) {
            sb.append(p);
        }
        return sb.append("</extension-policy>").toString();
    }
}
