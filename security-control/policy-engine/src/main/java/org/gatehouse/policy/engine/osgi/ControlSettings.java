package org.gatehouse.policy.engine.osgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.osgi.framework.BundleContext;

/**
 * The folders the control module works with, from the framework properties the launcher sets:
 * {@code gatehouse.home}, {@code gatehouse.conf.dir} (default {@code <home>/conf}) and
 * {@code gatehouse.data.dir} (default {@code <home>/data}), and the optional
 * {@code gatehouse.platform.location.prefixes} (see {@link BundleClassifier}).
 */
record ControlSettings(Path home, Path conf, Path data, List<String> platformLocations, boolean enforcementRequired) {

    /**
     * {@code required} (the default): extensions resolve only while the sandbox decider is
     * installed in the bridge, so without the agent no extension code ever runs. {@code optional}
     * lets extensions run unguarded; only for tests of the class-space rules without the agent.
     */
    static final String ENFORCEMENT = "gatehouse.sandbox.enforcement";

    ControlSettings {
        platformLocations = List.copyOf(platformLocations);
    }

    static ControlSettings from(BundleContext context) {
        Path home = Path.of(property(context, "gatehouse.home", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path conf = Path.of(property(context, "gatehouse.conf.dir", home.resolve("conf").toString())).toAbsolutePath().normalize();
        Path data = Path.of(property(context, "gatehouse.data.dir", home.resolve("data").toString())).toAbsolutePath().normalize();
        List<String> platform = new ArrayList<>();
        for (String prefix : property(context, BundleClassifier.PLATFORM_LOCATIONS, "").split(",")) {
            if (!prefix.isBlank()) {
                platform.add(prefix.trim());
            }
        }
        String enforcement = property(context, ENFORCEMENT, "required").trim();
        if (!enforcement.equals("required") && !enforcement.equals("optional")) {
            throw new IllegalArgumentException("framework property " + ENFORCEMENT + " is '" + enforcement
                    + "'; expected 'required' or 'optional'");
        }
        return new ControlSettings(home, conf, data, platform, enforcement.equals("required"));
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    Path systemPolicy() {
        return conf.resolve("system-policy.xml");
    }

    /** The content in force of the policy files (docs/management.md "Hand edits"), kept under {@code <data>/commands/in-force}. */
    InForceLedger ledger() {
        return InForceLedger.open(conf, data);
    }

    Path extensionPolicies() {
        return conf.resolve("extension-policies");
    }

    Path extensionsFolder() {
        return home.resolve("extensions");
    }

    Path platformBundlesFolder() {
        return home.resolve("bundles");
    }

    PolicyVariables variables() {
        return PolicyVariables.of(home.toString(), data.toString(), conf.toString());
    }
}
