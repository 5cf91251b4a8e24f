/**
 * The Gatehouse process: {@link org.gatehouse.runtime.Launcher}, run by {@code bin/gatehouse},
 * reads the settings, sets up logging, claims the data folder, boots Apache Felix with the
 * platform bundles and then the extensions of {@code <home>/extensions/}, and on SIGTERM stops the
 * framework and exits 0; each reason it stops early is a {@link org.gatehouse.runtime.LaunchFailure}
 * with its exit code. The launcher decides nothing about extensions (the policy engine does), and
 * it is not a bundle: it lives on the launcher's class path with the framework.
 */
package org.gatehouse.runtime;
