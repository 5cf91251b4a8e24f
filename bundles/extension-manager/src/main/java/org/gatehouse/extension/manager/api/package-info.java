/**
 * The extensions as the management plane sees them: list, preview, install, upgrade, enable,
 * disable and remove, each step persisted so that a crash leaves it done or not done.
 */
@Export
@Version("1.1.0")
package org.gatehouse.extension.manager.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
