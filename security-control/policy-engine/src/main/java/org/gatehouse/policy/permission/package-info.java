/**
 * Permission types: how names and actions of each type are written and matched. Platform bundles
 * add their own types by registering a {@link org.gatehouse.policy.permission.PermissionType} service.
 */
@Export
@Version("1.0.0")
package org.gatehouse.policy.permission;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
