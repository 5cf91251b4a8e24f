/**
 * The policy model: permissions, codebases and their patterns, the system policy and extension
 * policies. Immutable records; built by {@code org.gatehouse.policy.engine.xml.PolicyParser}.
 */
package org.gatehouse.policy.engine.model;
