package org.gatehouse.dataplane.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.gatehouse.dataplane.config.RouteConfig;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static Route route(String name, String host, String prefix, String... listeners) {
        return new Route(new RouteConfig(name, host, prefix, "p", List.of(listeners)), null);
    }

    private final RouteTable table = new RouteTable(List.of(
            route("any", "*", "/"),
            route("any-api", "*", "/api/"),
            route("suffix", "*.example.com", "/"),
            route("deeper-suffix", "*.eu.example.com", "/"),
            route("exact", "shop.example.com", "/"),
            route("exact-cart", "shop.example.com", "/cart/"),
            route("internal", "*", "/internal/", "admin")));

    private String pick(String listener, String host, String target) {
        return table.find(listener, host, target).map(Route::name).orElse("none");
    }

    @Test
    void exactHostBeatsSuffixBeatsStar() {
        assertEquals("exact", pick("public", "shop.example.com", "/index.html"));
        assertEquals("suffix", pick("public", "blog.example.com", "/api/x"));
        assertEquals("deeper-suffix", pick("public", "a.eu.example.com", "/"));
        assertEquals("any-api", pick("public", "other.org", "/api/x"));
    }

    @Test
    void longestPrefixWinsWithinAHost() {
        assertEquals("exact-cart", pick("public", "shop.example.com", "/cart/1?x=/y"));
        assertEquals("exact", pick("public", "shop.example.com", "/cart"));
    }

    @Test
    void suffixPatternDoesNotMatchTheBareDomain() {
        assertEquals("any", pick("public", "example.com", "/"));
    }

    @Test
    void portCaseAndTrailingDotAreIgnored() {
        assertEquals("exact", pick("public", "SHOP.Example.com:8443", "/"));
        assertEquals("exact", pick("public", "shop.example.com.", "/"));
    }

    @Test
    void listenerFilterApplies() {
        assertEquals("any", pick("public", "x", "/internal/status"));
        assertEquals("internal", pick("admin", "x", "/internal/status"));
    }

    @Test
    void absoluteFormTargetIsReducedToItsPath() {
        assertEquals("any-api", pick("public", "x", "http://x/api/v1"));
    }

    @Test
    void noMatchingRouteGivesEmpty() {
        RouteTable narrow = new RouteTable(List.of(route("only", "a.test", "/app/")));
        Optional<Route> none = narrow.find("public", "a.test", "/other");
        assertTrue(none.isEmpty());
        assertTrue(narrow.find("public", null, "/app/").isEmpty());
    }
}
