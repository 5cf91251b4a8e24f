/**
 * The data plane's service interface: the live configuration generation and the addresses its
 * listeners are bound to, and its request and upstream counters. Everything else in this bundle is private.
 */
@Export
@Version("1.3.0")
package org.gatehouse.dataplane;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
