/**
 * Who may call the management API (docs/management.md "Authentication", "Roles"): {@link
 * org.gatehouse.management.auth.Authenticator} finds the {@link
 * org.gatehouse.management.auth.ManagementUser} of a request by bearer token or by client
 * certificate subject, from the users of {@code conf/management-users.xml} ({@link
 * org.gatehouse.management.auth.UsersFile}, read again when it changes), and {@link
 * org.gatehouse.management.auth.AccessRefusals} counts and rate-limits the log of refused requests.
 * Tokens are never stored, only their SHA-256, and no log line quotes one. What each {@link
 * org.gatehouse.management.auth.Role} may do is decided per route, not here. Internal to the
 * bundle, not exported.
 */
package org.gatehouse.management.auth;
