package org.gatehouse.policy.api;

import java.util.Map;
import org.gatehouse.policy.audit.AuditEvent;
import org.gatehouse.policy.decision.PolicyPreview;
import org.gatehouse.policy.decision.PolicySnapshot;
import org.gatehouse.policy.model.Codebase;
import org.gatehouse.schemas.XmlDocumentException;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * The control module's view for the management plane: the policy in force, a merge preview of a
 * policy before it is installed (docs/policy-language.md "Preview"), denial counts, a way to re-read the policies now, and the one audit record of the element.
 */
@ProviderType
public interface PolicyService {

    /** The snapshot every check is decided against right now. */
    PolicySnapshot current();

    /** What this extension policy document would grant and reject for this codebase, installing nothing. */
    PolicyPreview preview(Codebase codebase, String source, byte[] policyDocument) throws XmlDocumentException;

    /** The codebase the control module gives this bundle (also for bundles that are not extensions). */
    Codebase codebaseOf(Bundle bundle);

    /** Whether the control module treats this bundle as an extension (untrusted). */
    boolean isExtension(Bundle bundle);

    /** Denials so far for one codebase id. */
    long denials(String codebaseId);

    /** Denials so far of every codebase denied at least once, by codebase id (a copy, sorted by id). */
    Map<String, Long> denialsByCodebase();

    /** Policy generations swapped in since the control module started (the generation is {@code current().generation()}). */
    long swaps();

    /** Re-reads every policy and swaps in a new generation now; returns its number. */
    long refresh();

    /**
     * Records a platform bundle's audit event where the control module records its own: the audit
     * file first, then the log and every platform {@code AuditSink} service. Never throws; a sink
     * that fails is counted and logged.
     */
    void record(AuditEvent event);
}
