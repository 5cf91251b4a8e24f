/**
 * Who sent a message: the {@link org.gatehouse.sdk.identity.Credentials} found in it and the
 * {@link org.gatehouse.sdk.identity.Identity} an authenticator established from them (docs/data-plane.md "Authentication and authorization").
 *
 * <pre>{@code
 * Optional<Credentials> found = AuthorizationHeader.parse(message.headers().first("Authorization").orElse(""));
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.sdk.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
