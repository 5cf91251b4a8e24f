package org.gatehouse.policy.merge;

import org.gatehouse.policy.model.PolicyEntry;

/** A permission of an extension policy that the merge drops, with the warning saying why (docs/policy-language.md "The merge"). */
public record RejectedPermission(PolicyEntry requested, String reason) {

    @Override
    public String toString() {
        return "rejected [" + requested.permission() + "] (" + requested.origin() + "): " + reason;
    }
}
