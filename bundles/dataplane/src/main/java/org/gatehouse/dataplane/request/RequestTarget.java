package org.gatehouse.dataplane.request;

import java.util.Objects;

/**
 * A request's target after normalization: what the element classifies, routes and forwards.
 *
 * <pre>{@code
 * RequestTarget target = TargetNormalizer.normalize("http", "GET", "/a/./b/../c?x=%7e", List.of("Example.COM:80"), "HTTP/1.1");
 * target.originForm();   // "/a/c?x=~"
 * target.authority();    // "example.com"
 * }</pre>
 *
 * @param authority the host in lower case, without a trailing dot, with its port unless it is the
 *                  scheme's default; empty when an HTTP/1.0 request named none
 * @param path      the normalized absolute path, never empty
 * @param query     the normalized query without {@code ?}, empty when there is none
 */
public record RequestTarget(String authority, String path, String query) {

    public RequestTarget {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(query, "query");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path [" + path + "], expected an absolute path");
        }
    }

    /** The host without its port (IPv6 literals keep their brackets). */
    public String host() {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** The target in origin form (RFC 9112 section 3.2.1), as the upstream receives it. */
    public String originForm() {
        return query.isEmpty() ? path : path + "?" + query;
    }
}
