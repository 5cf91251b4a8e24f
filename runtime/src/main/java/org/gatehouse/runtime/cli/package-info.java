/**
 * The {@code gatehouse} command line's management commands (docs/management.md "Command line"):
 * {@link org.gatehouse.runtime.cli.GatehouseCli}, run by {@code bin/gatehouse}, turns
 * {@code ext}, {@code flows}, {@code policy}, {@code commands} and {@code audit} into calls to a
 * running element's REST API with the JDK's HTTP client and prints the answers. It changes nothing
 * by itself: every change is the element's, made through its API. Only the JDK and Felix are on the
 * launcher's class path, so JSON is read by the package's own small reader; {@code audit verify}
 * and {@code audit consistency} also use the audit log's own classes, which {@code bin/gatehouse}
 * puts on the command line's class path ({@code lib/audit-log.jar}).
 */
package org.gatehouse.runtime.cli;
