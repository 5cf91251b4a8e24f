/**
 * Booting the embedded framework: {@link org.gatehouse.runtime.boot.GatehouseFramework} starts
 * Felix, has {@link org.gatehouse.runtime.boot.PlatformBundles} install, resolve and start the jars
 * of {@code <home>/bundles} (a bundle that does not resolve is reported with the requirements
 * nothing satisfies), has {@link org.gatehouse.runtime.boot.ExtensionBundles} install and start the
 * jars of {@code <home>/extensions/} (a failure there is logged and does not stop the element),
 * waits for {@link org.gatehouse.runtime.boot.Readiness}, and stops the framework within a bounded
 * time. {@link org.gatehouse.runtime.boot.DataDirectory} holds the lock that allows one element per
 * data folder, and {@link org.gatehouse.runtime.boot.StopRequest} turns SIGTERM and SIGINT into an
 * orderly stop.
 */
package org.gatehouse.runtime.boot;
