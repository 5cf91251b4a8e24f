/**
 * The audit log behind {@code org.gatehouse.auditlog.AuditLog}: {@link
 * org.gatehouse.auditlog.internal.FileAuditLog} (open, verify, repair a torn tail, durable appends,
 * checkpoints, proofs) and {@link org.gatehouse.auditlog.internal.AuditLogComponent}, the
 * Declarative Services component that registers it over {@code <gatehouse.data.dir>/audit}.
 * Internal to the bundle, not exported.
 */
package org.gatehouse.auditlog.internal;
