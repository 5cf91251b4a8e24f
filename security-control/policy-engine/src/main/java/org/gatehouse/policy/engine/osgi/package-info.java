/**
 * The control module inside the framework (docs/threat-model.md "Class-space rules"): {@link
 * org.gatehouse.policy.engine.osgi.PolicyEngineActivator} starts {@link
 * org.gatehouse.policy.engine.osgi.SandboxControl}, which tells extensions from platform bundles by
 * location, builds the policy generations and refreshes them when bundles or policy files change,
 * registers the resolver hook that holds extensions to the class-space rules and the hooks that
 * hide platform bundles and ungranted services from them, installs the engine as the sandbox
 * bridge's decider when the bridge is on the boot class path, and registers the services of
 * {@code org.gatehouse.policy.engine.api}. Internal to the bundle, not exported: other bundles use
 * {@code org.gatehouse.policy.engine.api} and {@code org.gatehouse.policy.engine.spi}.
 */
package org.gatehouse.policy.engine.osgi;
