/** Audit events of the control module and where they go. */
@Export
@Version("1.0.0")
package org.gatehouse.policy.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
