/** Services of the control module for the platform: installing extensions and looking at policies. */
@Export
@Version("1.3.0")
package org.gatehouse.policy.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
