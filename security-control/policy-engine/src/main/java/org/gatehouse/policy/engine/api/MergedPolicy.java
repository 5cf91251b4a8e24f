package org.gatehouse.policy.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * What one extension is granted: its uploaded or bundled policy merged under the vendor policy
 * (docs/policy-language.md "Merging"). Every permission the extension asked for is either granted
 * (possibly narrowed, with the reason) or rejected (with the reason).
 *
 * @param codebase the extension
 * @param source   where its policy came from, e.g. {@code conf/extension-policies/com.acme.limiter.xml}
 * @param granted  what is granted, in the policy's order
 * @param rejected what is not, in the policy's order
 */
public record MergedPolicy(Codebase codebase, String source, List<Grant> granted, List<Rejection> rejected) {
    public MergedPolicy {
        Objects.requireNonNull(codebase, "codebase");
        Objects.requireNonNull(source, "source");
        granted = List.copyOf(granted);
        rejected = List.copyOf(rejected);
    }

    /**
     * A permission granted.
     *
     * @param permission the permission in force, e.g. {@code file /data/x read}
     * @param requested  the permission as the policy asked for it
     * @param origin     the policy element that asked, e.g. {@code policy.xml [4:3]}
     * @param reason     why it is granted as it is
     */
    public record Grant(String permission, String requested, String origin, String reason) {
        @Override
        public String toString() {
            return "granted [" + permission + "] (" + origin + "): " + reason;
        }
    }

    /**
     * A permission asked for and not granted.
     *
     * @param permission the permission as the policy asked for it
     * @param origin     the policy element that asked
     * @param reason     why it is not granted
     */
    public record Rejection(String permission, String origin, String reason) {
        @Override
        public String toString() {
            return "rejected [" + permission + "] (" + origin + "): " + reason;
        }
    }
}
