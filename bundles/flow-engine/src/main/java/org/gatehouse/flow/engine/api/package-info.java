/**
 * The flow engine as the management plane sees it: the message types and flows in force, their
 * validation, preview, every difference a replacement would make, and replacement, the bladelets
 * available, each extension's health and quarantine, its runaway steps, its queue of messages
 * waiting for a slot, and how long each message type's flows take.
 */
@Export
@Version("1.6.0")
package org.gatehouse.flow.engine.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
