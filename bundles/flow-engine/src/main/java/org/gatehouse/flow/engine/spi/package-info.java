/**
 * For platform bundles only (extensions cannot import it): built-in steps that may set the
 * message's identity and use the authentication and authorization methods a flows document
 * declares, and the credential locations of the message type being processed.
 */
@Export
@Version("1.1.0")
package org.gatehouse.flow.engine.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
