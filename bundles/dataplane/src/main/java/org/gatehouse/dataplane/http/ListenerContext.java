package org.gatehouse.dataplane.http;

import java.util.function.Supplier;
import org.gatehouse.dataplane.routing.RoutingSnapshot;

/**
 * What every connection of one listener shares: the listener's name (routes filter on it), the
 * scheme it serves ({@code http} or {@code https}, for X-Forwarded-Proto), and the live routing
 * snapshot, read once per request so a configuration change applies to the next request.
 */
public record ListenerContext(String name, String scheme, Supplier<RoutingSnapshot> snapshot) {
}
