package org.gatehouse.dataplane.routing;

import org.gatehouse.dataplane.config.Limits;

/**
 * What a request needs from the live configuration, swapped as one value when a new
 * configuration is applied: the element's name (for {@code Via}), the limits and the routes.
 */
public record RoutingSnapshot(long generation, String elementName, Limits limits, RouteTable routes) {
}
