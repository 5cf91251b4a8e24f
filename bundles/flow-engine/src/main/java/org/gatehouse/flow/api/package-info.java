/**
 * The flow engine as the management plane sees it: the message types and flows in force, their
 * validation and replacement, the bladelets available, and each extension's health and quarantine.
 */
@Export
@Version("1.0.0")
package org.gatehouse.flow.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
