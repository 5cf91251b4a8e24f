package org.gatehouse.channels.policy;

/**
 * Which element decides (docs/channels.md "Channel policy"): each element of a channel decides
 * with its own policy, for its own side.
 */
public enum Side {
    /** The element in front of the source instance, where the channel enters. */
    INGRESS,
    /** The element in front of the target service, where the channel leaves. */
    EGRESS
}
