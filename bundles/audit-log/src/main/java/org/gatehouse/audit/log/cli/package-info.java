/**
 * The command-line entry point {@link org.gatehouse.audit.log.cli.AuditVerify}: the offline
 * verification of an audit folder, for {@code gatehouse audit verify}. Internal to the bundle, not
 * exported; it runs from the jar on a plain class path.
 */
package org.gatehouse.audit.log.cli;
