/**
 * The audit log's files in an audit folder ({@link org.gatehouse.auditlog.internal.store.AuditFiles}):
 * records and checkpoints as lines of {@link org.gatehouse.auditlog.internal.store.CanonicalJson}
 * ({@link org.gatehouse.auditlog.internal.store.RecordCodec}), read by {@link
 * org.gatehouse.auditlog.internal.store.LineReader} (the bytes after the last newline are a torn
 * tail), checked in one pass by {@link org.gatehouse.auditlog.internal.store.LogScan}, and the
 * Ed25519 {@link org.gatehouse.auditlog.internal.store.ElementKey}. Internal to the bundle, not exported.
 */
package org.gatehouse.auditlog.internal.store;
