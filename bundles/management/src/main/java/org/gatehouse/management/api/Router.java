package org.gatehouse.management.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the route for a method and path. Path variables match one segment; where two templates
 * match, the one with more literal segments wins ({@code /extensions/preview} before
 * {@code /extensions/{name}}). A path no route knows is 404; a known path with another method is
 * 405 with {@code Allow} (RFC 9110 section 15.5.6).
 */
public final class Router {
    private final List<Route> routes;

    /** A route found for a request, with its path variables decoded. */
    public record Match(Route route, Map<String, String> variables) {
        public Match {
            variables = Map.copyOf(variables);
        }
    }

    /**
     * @throws IllegalArgumentException when a route without roles (served unauthenticated) is not a
     *                                  GET of a fixed path: nothing with a variable or a body is open
     */
    public Router(List<Route> routes) {
        for (Route route : routes) {
            if (route.roles().isEmpty() && (!route.method().equals("GET") || route.template().contains("{")
                    || route.bodyLimit() != BodyLimit.NONE)) {
                throw new IllegalArgumentException("route " + route.method() + " " + route.template()
                        + " has no role; only a GET of a fixed path without a body may be served unauthenticated");
            }
        }
        this.routes = routes.stream().sorted(Comparator.comparingInt(Route::literalSegments).reversed()).toList();
    }

    /**
     * The route served without authentication for this method and raw path (as sent, before any
     * decoding, query removed), if there is one: its template must equal the path exactly, so no
     * other spelling ({@code //healthz}, {@code /HEALTHZ}, {@code /healthz/}, {@code /healthz/../x},
     * an escaped character) is open; those go through authentication like any other path.
     */
    public Optional<Match> unauthenticated(String method, String rawPath) {
        for (Route route : routes) {
            if (route.roles().isEmpty() && route.method().equals(method) && route.template().equals(rawPath)) {
                return Optional.of(new Match(route, Map.of()));
            }
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return routes;
    }

    public Match match(String method, String path) throws ApiException {
        List<String> segments = split(path);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> variables = variables(route.segments(), segments);
            if (variables.isPresent()) {
                if (route.method().equals(method)) {
                    return new Match(route, variables.get());
                }
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("no resource at " + path);
        }
        throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + "; allowed: "
                + String.join(", ", allowed), List.of()).withHeader("Allow", String.join(", ", allowed));
    }

    private static List<String> split(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return List.of(trimmed.substring(1).split("/", -1));
    }

    private static Optional<Map<String, String>> variables(List<String> template, List<String> actual) {
        if (template.size() != actual.size()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String segment = actual.get(i);
            if (expected.startsWith("{")) {
                String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
                if (decoded.isEmpty()) {
                    return Optional.empty();
                }
                values.put(expected.substring(1, expected.length() - 1), decoded);
            } else if (!expected.equals(segment)) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }
}
