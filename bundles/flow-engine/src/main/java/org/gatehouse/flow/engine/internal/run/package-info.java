/**
 * Running flows (docs/data-plane.md "Flows and steps", "Where steps run", "Failing extensions and
 * quarantine"): {@link org.gatehouse.flow.engine.internal.run.FlowRun} takes one message through its flow,
 * each {@link org.gatehouse.flow.engine.internal.run.CompiledStep} bound to its bladelet through the {@link
 * org.gatehouse.flow.engine.internal.run.BladeletRegistry} and run off the event loop by the {@link
 * org.gatehouse.flow.engine.internal.run.StepExecutor} under a deadline. {@link
 * org.gatehouse.flow.engine.internal.run.ExtensionHealthBook} keeps each extension's counters, concurrency
 * slots, queue and quarantine, and {@link org.gatehouse.flow.engine.internal.run.RunawayWatch} deals with
 * steps still running after their deadline; Java cannot stop such a thread, so the pool replaces
 * it instead. Internal to the bundle, not exported.
 */
package org.gatehouse.flow.engine.internal.run;
