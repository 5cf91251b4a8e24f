package org.gatehouse.policy.engine.merge;

import org.gatehouse.policy.engine.model.PolicyEntry;

/** A permission of an extension policy that the merge drops, with the warning saying why (docs/policy-language.md "The merge"). */
public record RejectedPermission(PolicyEntry requested, String reason) {

    @Override
    public String toString() {
        return "rejected [" + requested.permission() + "] (" + requested.origin() + "): " + reason;
    }
}
