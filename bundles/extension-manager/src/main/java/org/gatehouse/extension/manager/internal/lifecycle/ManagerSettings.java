package org.gatehouse.extension.manager.internal.lifecycle;

import java.nio.file.Path;
import org.gatehouse.extension.manager.internal.alert.AlertSettings;
import org.osgi.framework.BundleContext;

/**
 * Where the extension manager reads and keeps its files, and how it qualifies uploads, from the
 * framework properties: {@code gatehouse.home} (default the working folder),
 * {@code gatehouse.conf.dir} (default {@code <home>/conf}), {@code gatehouse.data.dir} (default
 * {@code <home>/data}), those of {@link QualifierSource} and those of the load alerts ({@link AlertSettings}).
 *
 * <pre>{@code
 * ManagerSettings settings = ManagerSettings.from(context);
 * settings.qualifiers().requireReadable();
 * }</pre>
 */
record ManagerSettings(Path conf, Path data, boolean denyWithoutRules, boolean requireSignature, AlertSettings alerts) {

    /**
     * @throws IllegalArgumentException when {@value QualifierSource#DEFAULT_ANSWER} is neither trusted nor deny, or a
     *                                  setting of the load alerts ({@link AlertSettings}) does not read
     */
    static ManagerSettings from(BundleContext context) {
        Path home = Path.of(property(context, "gatehouse.home", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path conf = Path.of(property(context, "gatehouse.conf.dir", home.resolve("conf").toString())).toAbsolutePath().normalize();
        Path data = Path.of(property(context, "gatehouse.data.dir", home.resolve("data").toString())).toAbsolutePath().normalize();
        return new ManagerSettings(conf, data, QualifierSource.denyWithoutRules(context.getProperty(QualifierSource.DEFAULT_ANSWER)),
                Boolean.parseBoolean(context.getProperty(QualifierSource.REQUIRE_SIGNATURE)), AlertSettings.from(context::getProperty));
    }

    /** A qualifier source over these folders; it reads nothing until asked. */
    QualifierSource qualifiers() {
        return new QualifierSource(conf, data, denyWithoutRules, requireSignature);
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
