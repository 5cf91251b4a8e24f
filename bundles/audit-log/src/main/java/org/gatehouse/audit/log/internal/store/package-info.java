/**
 * The audit log's files in an audit folder ({@link org.gatehouse.audit.log.internal.store.AuditFiles}):
 * records and checkpoints as lines of {@link org.gatehouse.audit.log.internal.store.CanonicalJson}
 * ({@link org.gatehouse.audit.log.internal.store.RecordCodec}), read by {@link
 * org.gatehouse.audit.log.internal.store.LineReader} (the bytes after the last newline are a torn
 * tail), checked in one pass by {@link org.gatehouse.audit.log.internal.store.LogScan}, and the
 * Ed25519 {@link org.gatehouse.audit.log.internal.store.ElementKey}. Internal to the bundle, not exported.
 */
package org.gatehouse.audit.log.internal.store;
