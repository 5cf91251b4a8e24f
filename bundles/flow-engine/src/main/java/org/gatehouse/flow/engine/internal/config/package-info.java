/**
 * The flows document ({@code flows.xml}, schema {@code urn:gatehouse:flows:1}): {@link
 * org.gatehouse.flow.engine.internal.config.FlowsReader} checks it against the schema and then for what
 * the schema cannot say, reporting {@code flows.xml [line:col] /flows/...: reason}, and gives an
 * immutable {@link org.gatehouse.flow.engine.internal.config.FlowsConfig}. What the document names outside
 * itself (bladelets, extensions) is not checked here but when the engine resolves it against what
 * is installed. Internal to the bundle, not exported.
 */
package org.gatehouse.flow.engine.internal.config;
