/**
 * The element's tamper-evident audit log (bundles/audit-log/README.md; docs/management.md "Audit"):
 * the {@link org.gatehouse.auditlog.AuditLog} service, its immutable records ({@link
 * org.gatehouse.auditlog.AuditRecord}, {@link org.gatehouse.auditlog.TreeHead}, {@link
 * org.gatehouse.auditlog.Checkpoint}, {@link org.gatehouse.auditlog.InclusionProof}, {@link
 * org.gatehouse.auditlog.ConsistencyProof}), and the offline {@link org.gatehouse.auditlog.Verifier}.
 *
 * <pre>{@code
 * long seq = auditLog.append(AuditKind.COMMAND_RENDERING, "alice", "extension.install [rate-limiter]", rendering);
 * Checkpoint signed = auditLog.checkpoint();
 * ConsistencyProof grown = auditLog.consistencyProof(auditorsOldCheckpoint.treeSize(), signed.treeSize());
 * boolean onlyGrew = grown.verify(auditorsOldCheckpoint.rootHash(), signed.rootHash());
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.auditlog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
