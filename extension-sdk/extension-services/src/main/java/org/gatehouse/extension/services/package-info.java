/**
 * The services the SDK offers a bladelet ({@code BladeletContext.http()} and {@code json()}),
 * implemented once for the element and the test kit (docs/extensions.md "Services the element
 * offers"). {@link org.gatehouse.extension.services.ElementOutboundHttp} takes a
 * {@link org.gatehouse.extension.services.OutboundGate}: the element's checks the calling
 * extension's permission and crosses its privileged boundary; the test kit's lets every request
 * through.
 */
@Export
@Version("1.0.0")
package org.gatehouse.extension.services;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
