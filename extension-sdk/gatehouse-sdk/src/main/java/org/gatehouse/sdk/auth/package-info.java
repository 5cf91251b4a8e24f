/**
 * Extension authentication and authorization methods (docs/data-plane.md "Authentication and authorization"): an
 * {@link org.gatehouse.sdk.auth.Authenticator} turns credentials into an identity or a
 * rejection with a challenge; an {@link org.gatehouse.sdk.auth.Authorizer} permits or denies an
 * identity a message. A message type's policy picks them by bladelet name.
 */
@Export
@Version("1.0.0")
package org.gatehouse.sdk.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
