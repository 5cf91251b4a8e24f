package org.gatehouse.dataplane.routing;

import java.util.Locale;
import org.gatehouse.dataplane.config.RouteConfig;
import org.gatehouse.dataplane.upstream.UpstreamPool;

/** A route of the live configuration, with its pool resolved. */
public record Route(RouteConfig config, UpstreamPool pool) {

    /** The route's name, as error bodies and logs show it. */
    public String name() {
        return config.name();
    }

    boolean matches(String listener, String host, String path) {
        return config.appliesTo(listener) && hostMatches(host) && path.startsWith(config.pathPrefix());
    }

    private boolean hostMatches(String host) {
        String pattern = config.host().toLowerCase(Locale.ROOT);
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            // *.example.com covers every name below example.com, not example.com itself
            return host.endsWith(pattern.substring(1));
        }
        return host.equals(pattern);
    }

    /** Exact hosts beat suffix patterns, longer suffixes beat shorter ones, and {@code *} comes last. */
    int hostSpecificity() {
        String pattern = config.host();
        if (pattern.equals("*")) {
            return 0;
        }
        if (pattern.startsWith("*.")) {
            return pattern.length();
        }
        return Integer.MAX_VALUE;
    }
}
