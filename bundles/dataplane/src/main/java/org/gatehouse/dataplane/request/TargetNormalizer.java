package org.gatehouse.dataplane.request;

import java.util.List;
import java.util.Locale;

/**
 * Turns a request's method, target and Host values into the one {@link RequestTarget} that every
 * decision and the upstream see, or refuses the request. The owner of the rules listed in the
 * bundle's README ("Request target normalization").
 *
 * <pre>{@code
 * try {
 *     RequestTarget target = TargetNormalizer.normalize("http", "GET", uri, hostValues, false);
 * } catch (TargetRefusal refusal) {
 *     // answer refusal.status() with refusal.code(); forward nothing
 * }
 * }</pre>
 */
public final class TargetNormalizer {
    private TargetNormalizer() {
    }

    /**
     * The normalized view of a request.
     *
     * @param scheme     the listener's scheme ({@code http} or {@code https}), for the default port
     * @param method     the request method
     * @param target     the request target as received
     * @param hostValues every Host value the request carries (for HTTP/2: {@code :authority} then {@code host})
     * @param protocol   {@code HTTP/1.0}, {@code HTTP/1.1} or {@code HTTP/2.0}
     */
    public static RequestTarget normalize(String scheme, String method, String target, List<String> hostValues,
                                          String protocol) throws TargetRefusal {
        checkHostCount(hostValues, protocol);
        if ("CONNECT".equals(method)) {
            throw new TargetRefusal(501, "method_not_supported", "the element does not tunnel (CONNECT)");
        }
        if (target.equals("*")) {
            throw TargetRefusal.badTarget("asterisk-form targets (OPTIONS *) are not served");
        }
        if (target.startsWith("/")) {
            return originForm(target, hostAuthority(scheme, hostValues, protocol));
        }
        return absoluteForm(scheme, target, hostValues, protocol);
    }

    /** A path and query a flow step set, normalized by the same rules as a client's. */
    public static String originForm(String pathAndQuery) throws TargetRefusal {
        if (!pathAndQuery.startsWith("/")) {
            throw TargetRefusal.badTarget("the target is not an absolute path");
        }
        return originForm(pathAndQuery, "").originForm();
    }

    private static RequestTarget originForm(String target, String authority) throws TargetRefusal {
        int q = target.indexOf('?');
        String path = PathNormalizer.path(q < 0 ? target : target.substring(0, q));
        String query = q < 0 ? "" : PathNormalizer.query(target.substring(q + 1));
        return new RequestTarget(authority, path, query);
    }

    /**
     * RFC 9112 section 3.2.2: the authority of an absolute-form target wins over Host, and a Host
     * that names another authority is refused rather than ignored (two views of one request).
     */
    private static RequestTarget absoluteForm(String scheme, String target, List<String> hostValues, String protocol)
            throws TargetRefusal {
        int colon = target.indexOf("://");
        String targetScheme = colon < 0 ? "" : target.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!targetScheme.equals("http") && !targetScheme.equals("https")) {
            throw TargetRefusal.badTarget("the request target is neither a path nor an http(s) URI");
        }
        int start = colon + 3;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String authority = AuthorityNormalizer.normalize(target.substring(start, end), scheme);
        if (hostValues.isEmpty() && !"HTTP/1.0".equals(protocol)) {
            throw TargetRefusal.badHost("the request has no Host field");
        }
        for (String host : hostValues) {
            if (!AuthorityNormalizer.normalize(host.trim(), scheme).equals(authority)) {
                throw TargetRefusal.badHost("Host '" + host + "' does not name the target's authority '" + authority + "'");
            }
        }
        String rest = target.substring(end);
        if (rest.startsWith("#")) {
            throw TargetRefusal.badTarget("the request target holds a fragment");
        }
        return originForm(rest.startsWith("/") ? rest : "/" + rest, authority);
    }

    private static String hostAuthority(String scheme, List<String> hostValues, String protocol) throws TargetRefusal {
        if (hostValues.isEmpty()) {
            if ("HTTP/1.0".equals(protocol)) {
                return "";
            }
            throw TargetRefusal.badHost("the request names no host (Host or :authority)");
        }
        String authority = AuthorityNormalizer.normalize(hostValues.get(0).trim(), scheme);
        for (String other : hostValues.subList(1, hostValues.size())) {
            if (!AuthorityNormalizer.normalize(other.trim(), scheme).equals(authority)) {
                throw TargetRefusal.badHost("the request names two hosts, '" + hostValues.get(0) + "' and '" + other + "'");
            }
        }
        return authority;
    }

    /**
     * RFC 9112 section 3.2: at most one Host (two could route one way and forward another); HTTP/2
     * may repeat its {@code :authority} in a host field (RFC 9113 section 8.3.1), as long as both agree.
     */
    private static void checkHostCount(List<String> hostValues, String protocol) throws TargetRefusal {
        if (hostValues.size() > ("HTTP/2.0".equals(protocol) ? 2 : 1)) {
            throw TargetRefusal.badHost("the request has " + hostValues.size() + " Host fields");
        }
    }
}
