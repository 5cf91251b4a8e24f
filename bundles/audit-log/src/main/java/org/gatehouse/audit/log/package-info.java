/**
 * The element's tamper-evident audit log (bundles/audit-log/README.md; docs/management.md "Audit"):
 * the {@link org.gatehouse.audit.log.AuditLog} service, its immutable records ({@link
 * org.gatehouse.audit.log.AuditRecord}, {@link org.gatehouse.audit.log.TreeHead}, {@link
 * org.gatehouse.audit.log.Checkpoint}, {@link org.gatehouse.audit.log.InclusionProof}, {@link
 * org.gatehouse.audit.log.ConsistencyProof}), and the offline {@link org.gatehouse.audit.log.Verifier}.
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
package org.gatehouse.audit.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
