/**
 * The flow engine itself (docs/data-plane.md "Flows and steps"): {@link
 * org.gatehouse.flow.engine.internal.engine.FlowEngine} is the data plane's {@code MessageProcessor} and
 * the management plane's {@code FlowService}, and swaps the document in force, resolved against the
 * bladelets available, as a whole; messages keep the resolution they started with. {@link
 * org.gatehouse.flow.engine.internal.engine.FlowEngineActivator} starts it in the framework: it follows
 * bladelet bundles and {@code PlatformStepFactory} services, reads and polls {@code flows.xml},
 * and registers the engine's services. Internal to the bundle, not exported: other bundles use
 * {@code org.gatehouse.flow.engine.api} and {@code org.gatehouse.flow.engine.spi}.
 */
package org.gatehouse.flow.engine.internal.engine;
