/**
 * The launcher's settings: {@link org.gatehouse.runtime.config.LauncherOptions} finds the home,
 * conf and data folders from the command line, the environment and the defaults, and {@link
 * org.gatehouse.runtime.config.SettingsLoader} builds the frozen {@link
 * org.gatehouse.runtime.config.GatehouseSettings} from built-in defaults, {@code
 * conf/gatehouse.properties} and JVM system properties, expanding {@code ${...}} references. A
 * setting that cannot be used is an {@link org.gatehouse.runtime.config.InvalidSettingException}
 * naming its source and key.
 */
package org.gatehouse.runtime.config;
