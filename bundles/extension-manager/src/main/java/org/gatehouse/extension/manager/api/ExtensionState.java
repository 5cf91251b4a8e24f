package org.gatehouse.extension.manager.api;

/** Where an extension stands in its lifecycle (docs/extensions.md "Lifecycle"). */
public enum ExtensionState {
    /** Started: its bladelets serve the flows that use them. */
    ENABLED,
    /** Installed and kept, not started. */
    DISABLED,
    /** Started but its steps fail closed after too many failures, until released or upgraded. */
    QUARANTINED,
    /** Kept in the store but the framework refused it (the reason is in the record). */
    FAILED
}
