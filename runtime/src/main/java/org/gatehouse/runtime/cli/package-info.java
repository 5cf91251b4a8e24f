/**
 * The {@code gatehouse} command line's management commands (docs/management.md "Command line"):
 * {@link org.gatehouse.runtime.cli.GatehouseCli}, run by {@code bin/gatehouse}, turns
 * {@code ext}, {@code flows}, {@code policy} and {@code commands} into calls to a running
 * element's REST API with the JDK's HTTP client and prints the answers. It changes nothing by
 * itself: every change is the element's, made through its API. Only the JDK and Felix are on the
 * launcher's class path, so JSON is read by the package's own small reader.
 */
package org.gatehouse.runtime.cli;
