/**
 * The element's outbound HTTP client, for a bladelet that asks another service (a token service, a
 * policy decision point): {@link org.gatehouse.sdk.bladelet.BladeletContext#http()}. It is a
 * deputy that never widens what the extension may do: before a request leaves, the element checks
 * the calling extension's own {@code socket host:port connect} permission, exactly as if the
 * extension had opened the socket (docs/extensions.md "Services the element offers"). The call
 * blocks the step's thread within its timeout and starts no thread of the extension's.
 *
 * <pre>{@code
 * OutboundResponse answer = context.http().send(OutboundRequest.post(serviceUrl, "application/json", body)
 *         .withHeader("Accept", "application/json").withTimeout(Duration.ofSeconds(2)));
 * if (answer.status() == 200) { JsonValue doc = context.json().read(answer.body()); }
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.sdk.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
