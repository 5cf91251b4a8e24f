/**
 * The one normalized view of a request's target and authority that every decision (classification,
 * authorization, routing) and the upstream see: {@link org.gatehouse.dataplane.request.TargetNormalizer}
 * turns what the client sent into a {@link org.gatehouse.dataplane.request.RequestTarget}, or refuses
 * it with a {@link org.gatehouse.dataplane.request.TargetRefusal}. The rule table is in the bundle's README.
 */
@Export
@Version("1.0.0")
package org.gatehouse.dataplane.request;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
