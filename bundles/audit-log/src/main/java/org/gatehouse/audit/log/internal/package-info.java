/**
 * The audit log behind {@code org.gatehouse.audit.log.AuditLog}: {@link
 * org.gatehouse.audit.log.internal.FileAuditLog} (open, verify, repair a torn tail, durable appends,
 * checkpoints, proofs) and {@link org.gatehouse.audit.log.internal.AuditLogComponent}, the
 * Declarative Services component that registers it over {@code <gatehouse.data.dir>/audit}.
 * Internal to the bundle, not exported.
 */
package org.gatehouse.audit.log.internal;
