/** The merge of extension policies against the system policy (docs/policy-language.md "The merge"). */
@Export
@Version("1.0.0")
package org.gatehouse.policy.merge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
