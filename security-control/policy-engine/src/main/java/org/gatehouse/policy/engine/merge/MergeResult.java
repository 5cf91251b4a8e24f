package org.gatehouse.policy.engine.merge;

import java.util.List;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.MergedPolicy;
import org.gatehouse.policy.engine.spi.Permission;

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

    /** This merge as the control module's API shows it. */
    public MergedPolicy view() {
        return new MergedPolicy(codebase, source,
                granted.stream().map(g -> new MergedPolicy.Grant(g.effective().toString(), g.requested().permission().toString(),
                        g.requested().origin(), g.reason())).toList(),
                rejected.stream().map(r -> new MergedPolicy.Rejection(r.requested().permission().toString(),
                        r.requested().origin(), r.reason())).toList());
    }

    /** One warning line per dropped permission. */
    public List<String> warnings() {
        return rejected.stream().map(r -> codebase.id() + " " + r).toList();
    }
}
