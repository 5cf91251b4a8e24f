package org.gatehouse.channels.identity;

import java.util.Objects;

/**
 * A SPIFFE ID, {@code spiffe://<trust-domain>/<path>}, as the SPIFFE ID standard (section 2)
 * allows it and no looser: scheme {@code spiffe} in lower case; a trust domain of lower-case
 * letters, digits, {@code .}, {@code -} and {@code _} only (so no user info, no port, no upper
 * case); a path, possibly empty, of non-empty segments of letters, digits, {@code .}, {@code -}
 * and {@code _} that are not {@code .} or {@code ..}; no query, fragment or percent-encoding; at
 * most 2048 bytes. Two IDs are equal when their text is, since the form has one spelling.
 *
 * <pre>{@code
 * SpiffeId id = SpiffeId.parse("spiffe://example.org/billing/api");
 * id.isAtOrBelow(SpiffeId.parse("spiffe://example.org/billing"));   // true
 * }</pre>
 *
 * @param trustDomain the trust domain name, such as {@code example.org}
 * @param path        the path with its leading slash, such as {@code /billing/api}; empty for the trust domain's own ID
 */
public record SpiffeId(String trustDomain, String path) {
    /** The longest ID the standard allows, in bytes (all of them ASCII here). */
    public static final int MAX_LENGTH = 2048;
    private static final String SCHEME = "spiffe://";
    private static final int MAX_TRUST_DOMAIN = 255;

    public SpiffeId {
        Objects.requireNonNull(trustDomain, "trustDomain");
        Objects.requireNonNull(path, "path");
        String problem = problem(SCHEME + trustDomain + path);
        if (problem != null) {
            throw new IllegalArgumentException("invalid SPIFFE ID [" + SCHEME + trustDomain + path + "]: " + problem);
        }
    }

    /** Reads a SPIFFE ID; throws {@link IllegalArgumentException} naming the ID and what is wrong with it. */
    public static SpiffeId parse(String text) {
        Objects.requireNonNull(text, "text");
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("invalid SPIFFE ID [" + text + "]: " + problem);
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new SpiffeId(rest, "") : new SpiffeId(rest.substring(0, slash), rest.substring(slash));
    }

    /** The reason {@code text} is not a SPIFFE ID, or null when it is one. */
    static String problem(String text) {
        if (text.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (!text.startsWith(SCHEME)) {
            return "the scheme must be spiffe, in lower case, followed by ://";
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String domain = slash < 0 ? rest : rest.substring(0, slash);
        String domainProblem = trustDomainProblem(domain);
        if (domainProblem != null) {
            return domainProblem;
        }
        return slash < 0 ? null : pathProblem(rest.substring(slash));
    }

    private static String trustDomainProblem(String domain) {
        if (domain.isEmpty()) {
            return "the trust domain is missing";
        }
        if (domain.length() > MAX_TRUST_DOMAIN) {
            return "the trust domain is longer than " + MAX_TRUST_DOMAIN + " characters";
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c == '@') {
                return "user info is not allowed";
            }
            if (c == ':') {
                return "a port is not allowed";
            }
            String common = commonProblem(c);
            if (common != null) {
                return common;
            }
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                return "the trust domain may hold only lower-case letters, digits, '.', '-' and '_', not '" + printable(c) + "'";
            }
        }
        return null;
    }

    private static String pathProblem(String path) {
        // path starts with '/'; every segment after it must be a real one
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "the path has an empty segment (a trailing or doubled '/')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "the path has a '" + segment + "' segment";
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                String common = commonProblem(c);
                if (common != null) {
                    return common;
                }
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                    return "the path may hold only letters, digits, '.', '-' and '_', not '" + printable(c) + "'";
                }
            }
        }
        return null;
    }

    private static String commonProblem(char c) {
        return switch (c) {
            case '?' -> "a query is not allowed";
            case '#' -> "a fragment is not allowed";
            case '%' -> "percent-encoding is not allowed";
            default -> null;
        };
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /**
     * True when this ID is {@code prefix} or lies below it, by whole path segments:
     * {@code spiffe://example.org/billing/api} is below {@code spiffe://example.org/billing}, and
     * {@code spiffe://example.org/billing-old} is not.
     */
    public boolean isAtOrBelow(SpiffeId prefix) {
        if (!trustDomain.equals(prefix.trustDomain)) {
            return false;
        }
        return path.equals(prefix.path) || path.startsWith(prefix.path + "/");
    }

    /** The ID as written: {@code spiffe://example.org/billing/api}. */
    @Override
    public String toString() {
        return SCHEME + trustDomain + path;
    }
}
