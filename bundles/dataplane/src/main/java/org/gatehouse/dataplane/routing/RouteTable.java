package org.gatehouse.dataplane.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the route of a request: among the routes that apply to the listener and match host and
 * path, the most specific host wins (exact, then the longest {@code *.suffix}, then {@code *}),
 * then the longest path prefix. Immutable; a configuration change swaps the whole table.
 */
public final class RouteTable {
    private static final Comparator<Route> SPECIFICITY = Comparator
            .comparingInt(Route::hostSpecificity)
            .thenComparingInt(r -> r.config().pathPrefix().length());

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Every route, in document order. */
    public List<Route> routes() {
        return routes;
    }

    /** The route of that name, for a flow step that routes a message elsewhere. */
    public Optional<Route> named(String name) {
        for (Route route : routes) {
            if (route.name().equals(name)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /**
     * The route for a request that arrived on {@code listener} with that Host header (port and
     * case ignored) and request target (query ignored).
     */
    public Optional<Route> find(String listener, String hostHeader, String requestTarget) {
        String host = hostOnly(hostHeader);
        String path = pathOnly(requestTarget);
        // a loop rather than a stream: this runs for every request (ties keep the first route, as max() did)
        Route best = null;
        for (Route route : routes) {
            if (route.matches(listener, host, path) && (best == null || SPECIFICITY.compare(route, best) > 0)) {
                best = route;
            }
        }
        return Optional.ofNullable(best);
    }

    static String hostOnly(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        host = colon >= 0 ? host.substring(0, colon) : host;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static String pathOnly(String target) {
        String path = target;
        // absolute-form (RFC 9112 section 3.2.2): keep only the path part
        int scheme = path.indexOf("://");
        if (scheme > 0 && scheme < 8) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash >= 0 ? path.substring(slash) : "/";
        }
        int cut = path.length();
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        if (query >= 0) {
            cut = query;
        }
        if (fragment >= 0 && fragment < cut) {
            cut = fragment;
        }
        return path.substring(0, cut);
    }
}
