package org.gatehouse.extension.manager.internal.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.osgi.PolicyEngineActivator;
import org.gatehouse.test.support.osgi.TestFramework;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * A real Felix with the control module and the extension manager started on its system bundle
 * context, as their activator and component start them in the element (SCR's part, handing the
 * component the control module's services, done by hand), over a home folder that outlives the
 * framework: {@link #restart()} stops it and starts a new one on the same folders with a wiped
 * bundle cache, as the element does at every start. Extensions are real bundles; the SDK packages
 * come from the test class path through the system bundle.
 */
final class ManagerFramework implements AutoCloseable {
    /** The rule these tests' element runs with: it admits any bundle passing the archive and manifest checks. */
    static final String TEST_RULES = """
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <!-- the tests' bundles are unsigned and unlisted: this test element admits them on purpose -->
              <rule name="test-admits-unsigned" answer="enable" hash-scope="any"/>
            </qualification-rules>
            """;
    private static final String SDK_PACKAGES = String.join(",", List.of("bladelet", "message", "identity", "auth", "descriptor")
            .stream().map(p -> "org.gatehouse.sdk." + p + ";version=1.0.0").toList());

    final Path home;
    final Path conf;
    final Path data;
    private final Map<String, String> extra;
    private TestFramework framework;
    private PolicyEngineActivator engine;
    private ExtensionManagerActivator managerActivator;
    private ExtensionManagerComponent managerComponent;
    BundleContext system;
    ExtensionManager manager;

    private ManagerFramework(Path home, Map<String, String> extra) {
        this.home = home;
        this.conf = home.resolve("conf");
        this.data = home.resolve("data");
        this.extra = Map.copyOf(extra);
    }

    static ManagerFramework start(Path root) throws Exception {
        return start(root, Map.of());
    }

    /**
     * An element whose conf folder admits the tests' unsigned, unlisted bundles through a rule of
     * its own ({@link #TEST_RULES}), unless the test put a rules file there first: the secure
     * default admits nothing an operator did not trust ({@link #startWithoutRules}).
     */
    static ManagerFramework start(Path root, Map<String, String> extra) throws Exception {
        Path conf = Files.createDirectories(root.resolve("home/conf"));
        if (!Files.exists(conf.resolve(QualifierSource.RULES))) {
            Files.writeString(conf.resolve(QualifierSource.RULES), TEST_RULES);
        }
        return startWithoutRules(root, extra);
    }

    /** An element with no rules file of the test's making: the secure default, or whatever the test wrote. */
    static ManagerFramework startWithoutRules(Path root, Map<String, String> extra) throws Exception {
        ManagerFramework f = new ManagerFramework(Files.createDirectories(root.resolve("home")), extra);
        Files.createDirectories(f.conf);
        f.boot();
        return f;
    }

    /** What a confirmed command does to a qualification file: its content in force and the file, together. */
    void putInForce(String name, String content) throws Exception {
        InForceLedger.open(conf, data).write(name, Optional.of(content.getBytes(StandardCharsets.UTF_8)));
    }

    private void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.gatehouse.sandbox.bridge");
        config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_APP);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SDK_PACKAGES);
        config.put("felix.extensions.disable", "true");
        config.put("gatehouse.home", home.toString());
        config.put("gatehouse.conf.dir", conf.toString());
        config.put("gatehouse.data.dir", data.toString());
        // no sandbox agent in unit tests; the class-space rules and the policies still apply
        config.put("gatehouse.sandbox.enforcement", "optional");
        config.putAll(extra);
        // cleaned on first init: the element wipes its bundle cache at every start
        framework = TestFramework.start(home.resolve("felix-cache"), config);
        system = framework.context();
        engine = new PolicyEngineActivator();
        engine.start(system);
        managerActivator = new ExtensionManagerActivator();
        managerActivator.start(system);
        managerComponent = new ExtensionManagerComponent(system, service(ExtensionInstaller.class), service(PolicyService.class));
        manager = framework.service(ExtensionManager.class, Duration.ofSeconds(60));
    }

    private <T> T service(Class<T> type) {
        return system.getService(system.getServiceReference(type));
    }

    /** Stops this framework and starts a new one on the same home, data and configuration. */
    ManagerFramework restart() throws Exception {
        close();
        boot();
        return this;
    }

    /** Stops this framework, runs {@code whileDown} (the element is down), then starts a new one on the same folders. */
    ManagerFramework restart(ThrowingRunnable whileDown) throws Exception {
        close();
        whileDown.run();
        boot();
        return this;
    }

    /** What happens while the element is down. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The installed bundles of that symbolic name, whatever their location. */
    List<Bundle> bundles(String symbolicName) {
        return Arrays.stream(system.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
    }

    Bundle only(String symbolicName) {
        return framework.bundle(symbolicName);
    }

    Path store() {
        return data.resolve("extension-store");
    }

    Path uploadedPolicy(String symbolicName) {
        return conf.resolve("extension-policies").resolve(symbolicName + ".xml");
    }

    @Override
    public void close() throws Exception {
        managerComponent.deactivate();
        managerActivator.stop(system);
        engine.stop(system);
        framework.close();
    }
}
