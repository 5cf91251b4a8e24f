/**
 * Confirmation of commands over a trusted path (docs/management.md "Confirmation"): what a
 * trusted path asks of the commands ({@link org.gatehouse.management.confirm.ConfirmationDesk}),
 * and the paths themselves: the local Unix domain socket ({@link
 * org.gatehouse.management.confirm.LocalConfirmationSocket}), which takes a peer only by its
 * kernel-checked uid and its {@code <local-account>} in the users file, and the confirmation
 * listener ({@link org.gatehouse.management.confirm.ConfirmationListener}), TLS with a required
 * client certificate and the person's password and TOTP code, for the web console.
 */
package org.gatehouse.management.confirm;
