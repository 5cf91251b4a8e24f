package org.gatehouse.policy.merge;

import org.gatehouse.policy.spi.Permission;
import org.gatehouse.policy.model.PolicyEntry;

/** A permission of an extension policy that the merge installs, in its expanded form, and why. */
public record GrantedPermission(PolicyEntry requested, Permission effective, String reason) {

    @Override
    public String toString() {
        return "granted [" + effective + "] (" + requested.origin() + "): " + reason;
    }
}
