/**
 * Confirmation of commands over a trusted path (docs/management.md "Confirmation"): what a
 * trusted path asks of the commands ({@link org.gatehouse.management.confirm.ConfirmationDesk}),
 * and the paths themselves.
 */
package org.gatehouse.management.confirm;
