/** Policy snapshots, decisions and the engine that swaps snapshots atomically (docs/policy-language.md "Decisions", "Runtime swap"). */
@Export
@Version("1.0.0")
package org.gatehouse.policy.decision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
