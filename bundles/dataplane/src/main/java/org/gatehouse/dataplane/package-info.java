/**
 * The data plane's service interface: the live configuration generation and the addresses its
 * listeners are bound to, its request and upstream counters, and the channels open at the element. Everything else in this bundle is private.
 */
@Export
@Version("1.4.0")
package org.gatehouse.dataplane;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
