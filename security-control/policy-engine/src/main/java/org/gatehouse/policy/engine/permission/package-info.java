/**
 * Permission types: how names and actions of each type are written and matched. Platform bundles
 * add their own types by registering a {@link org.gatehouse.policy.engine.spi.PermissionType} service.
 */
package org.gatehouse.policy.engine.permission;

