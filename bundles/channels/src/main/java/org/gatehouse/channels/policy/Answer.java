package org.gatehouse.channels.policy;

/** A rule's answer, and a decision's. */
public enum Answer {
    /** No channel. */
    DENY,
    /** A channel without conditions. */
    ENABLE,
    /** A channel under its qualifications: encryption, audit level, allowed commands. */
    QUALIFIED_ENABLE
}
