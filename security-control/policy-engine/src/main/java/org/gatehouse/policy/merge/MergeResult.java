package org.gatehouse.policy.merge;

import java.util.List;
import org.gatehouse.policy.model.Codebase;
import org.gatehouse.policy.model.Permission;

/** What merging one extension policy gives: the permissions installed and the ones dropped, with reasons. */
public record MergeResult(Codebase codebase, String source, List<GrantedPermission> granted, List<RejectedPermission> rejected) {

    public MergeResult {
        granted = List.copyOf(granted);
        rejected = List.copyOf(rejected);
    }

    /** The installed permissions, expanded, in document order. */
    public List<Permission> grantedPermissions() {
        return granted.stream().map(GrantedPermission::effective).toList();
    }

    /** One warning line per dropped permission. */
    public List<String> warnings() {
        return rejected.stream().map(r -> codebase.id() + " " + r).toList();
    }
}
