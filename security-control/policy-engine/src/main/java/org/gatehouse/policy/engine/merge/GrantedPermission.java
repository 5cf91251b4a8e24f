package org.gatehouse.policy.engine.merge;

import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;

/** A permission of an extension policy that the merge installs, in its expanded form, and why. */
public record GrantedPermission(PolicyEntry requested, Permission effective, String reason) {

    @Override
    public String toString() {
        return "granted [" + effective + "] (" + requested.origin() + "): " + reason;
    }
}
