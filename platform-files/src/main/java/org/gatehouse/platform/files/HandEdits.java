package org.gatehouse.platform.files;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told by the owner of a file of the conf folder that the file differs from the content in force
 * ({@link InForceLedger}): an edit by hand, which the owner did not apply (docs/management.md
 * "Hand edits"). The management plane registers one as an OSGi service and submits the edit as a
 * command awaiting confirmation; with none registered, the owner logs that nothing can confirm the
 * edit, and it stays out of force.
 *
 * <pre>{@code
 * if (!ledger.accepts(name, ledger.onDisk(name))) {
 *     handEdits.seen(name);   // never applied here
 * }
 * }</pre>
 */
@ConsumerType
public interface HandEdits {
    /** {@code name} (relative to the conf folder, e.g. {@code system-policy.xml}) differs from its content in force. */
    void seen(String name);
}
