/**
 * What the instrumented JDK and Felix methods call (docs/threat-model.md "Enforcement without a
 * SecurityManager", docs/sandbox.md): the entry classes {@link
 * org.gatehouse.sandbox.bridge.internal.FileEntries}, {@link
 * org.gatehouse.sandbox.bridge.internal.NetworkEntries}, {@link
 * org.gatehouse.sandbox.bridge.internal.RuntimeEntries}, {@link
 * org.gatehouse.sandbox.bridge.internal.ReflectionEntries}, {@link
 * org.gatehouse.sandbox.bridge.internal.ThreadEntries}, {@link
 * org.gatehouse.sandbox.bridge.internal.OsgiEntries} and {@link
 * org.gatehouse.sandbox.bridge.internal.ClassSpaceEntries} turn a method's arguments into a
 * permission request, and {@link org.gatehouse.sandbox.bridge.internal.Enforcement} has it decided
 * against the untrusted code found on the whole stack ({@code CallerFinder}) and the context the
 * thread inherited. The entry classes' public methods only ever check; the re-entrancy guard and
 * the records behind it are package-private, since any public method of a boot class path class is reachable
 * by reflection. Nothing here decides policy (the policy engine's decider does); this package is
 * not for bundles and must not be added to the boot delegation.
 */
package org.gatehouse.sandbox.bridge.internal;
