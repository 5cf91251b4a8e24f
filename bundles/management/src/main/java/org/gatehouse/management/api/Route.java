package org.gatehouse.management.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.gatehouse.management.auth.Role;

/**
 * One API operation: method, path template ({@code /api/v1/extensions/{name}}), the roles allowed
 * to call it, how much body it reads, and its handler.
 */
public record Route(String method, String template, Set<Role> roles, BodyLimit bodyLimit, RouteHandler handler) {

    public Route {
        Objects.requireNonNull(method, "method");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with '/': " + template);
        }
        roles = Set.copyOf(roles);
        Objects.requireNonNull(bodyLimit, "bodyLimit");
        Objects.requireNonNull(handler, "handler");
    }

    public List<String> segments() {
        return List.of(template.substring(1).split("/"));
    }

    /** How many segments are fixed text: with equal shapes the more literal route wins. */
    int literalSegments() {
        return (int) segments().stream().filter(s -> !s.startsWith("{")).count();
    }
}
