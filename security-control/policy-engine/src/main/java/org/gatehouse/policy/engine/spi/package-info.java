/**
 * What a platform bundle implements to add a permission type to the policy language
 * (docs/policy-language.md "Permission types"): register a
 * {@link org.gatehouse.policy.engine.spi.PermissionType} service (often a
 * {@link org.gatehouse.policy.engine.spi.NamedPermissionType}); the type joins the registry of the next
 * policy generation and leaves it with the service. Permissions are
 * {@link org.gatehouse.policy.engine.spi.Permission} records.
 */
@Export
@Version("1.0.0")
package org.gatehouse.policy.engine.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
