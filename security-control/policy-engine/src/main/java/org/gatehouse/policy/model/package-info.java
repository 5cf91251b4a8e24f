/**
 * The policy model: permissions, codebases and their patterns, the system policy and extension
 * policies. Immutable records; built by {@code org.gatehouse.policy.xml.PolicyParser}.
 */
@Export
@Version("1.0.0")
package org.gatehouse.policy.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
