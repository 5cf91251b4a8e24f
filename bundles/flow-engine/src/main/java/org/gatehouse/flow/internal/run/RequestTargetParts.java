package org.gatehouse.flow.internal.run;

/** The path and query of a request target in origin or absolute form (RFC 9112 section 3.2). */
final class RequestTargetParts {
    private RequestTargetParts() {
    }

    static String path(String uri) {
        int start = pathStart(uri);
        int end = start;
        while (end < uri.length() && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
            end++;
        }
        return start == end ? "/" : uri.substring(start, end);
    }

    static String query(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int hash = uri.indexOf('#', q);
        return hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash);
    }

    private static int pathStart(String uri) {
        if (uri.startsWith("/")) {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri.length();
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? uri.length() : slash;
    }

    /** The target to forward: the original one when the path did not change, else the new path and the query. */
    static String target(MessageState state) {
        if (!state.pathChanged()) {
            return state.facts().uri();
        }
        String query = state.facts().query();
        return query.isEmpty() ? state.path() : state.path() + "?" + query;
    }
}
