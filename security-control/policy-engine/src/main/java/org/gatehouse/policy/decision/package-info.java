/** Policy snapshots, decisions and the engine that swaps snapshots atomically (SPEC 5.3). */
@Export
@Version("1.0.0")
package org.gatehouse.policy.decision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
