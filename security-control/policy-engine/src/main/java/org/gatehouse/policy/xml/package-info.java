/** Reading the system policy and extension policies from their XML documents. */
@Export
@Version("1.0.0")
package org.gatehouse.policy.xml;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
