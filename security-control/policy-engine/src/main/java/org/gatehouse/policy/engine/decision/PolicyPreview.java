package org.gatehouse.policy.engine.decision;

import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.merge.MergeResult;

/**
 * What installing one extension policy would do, computed without installing anything: the merge
 * (granted and rejected permissions, with reasons) and the difference from what the extension has
 * now. Shown before a trusted command installs a policy (docs/extensions.md "Lifecycle", docs/management.md "Commands").
 */
public record PolicyPreview(MergeResult merge, SnapshotDiff change) {
    /** This preview as the control module's API shows it. */
    public MergePreview view() {
        return new MergePreview(merge.view(), change.granted(), change.revoked());
    }
}
