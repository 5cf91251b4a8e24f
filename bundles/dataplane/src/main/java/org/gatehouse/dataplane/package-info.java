/**
 * The data plane's service interface: the live configuration generation and the addresses its
 * listeners are bound to. Everything else in this bundle is private.
 */
@Export
@Version("1.0.0")
package org.gatehouse.dataplane;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
