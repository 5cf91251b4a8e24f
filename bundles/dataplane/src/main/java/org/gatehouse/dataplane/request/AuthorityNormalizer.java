package org.gatehouse.dataplane.request;

import java.util.Locale;

/**
 * The authority rules of {@link TargetNormalizer}: {@code host[:port]} (RFC 3986 section 3.2.2)
 * where the host is a DNS name or IPv4 address (letters, digits, '-', '_', '.'), or an IPv6
 * literal in brackets ({@link Ipv6Literal}). No user information, no percent-escapes. The result
 * is in lower case, without a trailing dot, an IPv6 literal in its RFC 5952 form, and without the
 * scheme's default port.
 */
final class AuthorityNormalizer {
    private static final int MAX_HOST = 253;

    private AuthorityNormalizer() {
    }

    static String normalize(String raw, String scheme) throws TargetRefusal {
        if (raw.isEmpty()) {
            throw TargetRefusal.badHost("the authority is empty");
        }
        if (raw.indexOf('@') >= 0) {
            throw TargetRefusal.badHost("the authority holds user information");
        }
        int portStart = raw.startsWith("[") ? raw.indexOf(']') + 1 : raw.indexOf(':');
        if (raw.startsWith("[") && portStart == 0) {
            throw TargetRefusal.badHost("unclosed IPv6 literal in the authority");
        }
        String host = portStart < 0 ? raw : raw.substring(0, portStart);
        String port = portStart < 0 || portStart == raw.length() ? "" : portPart(raw.substring(portStart));
        String normalHost = host.startsWith("[") ? Ipv6Literal.normalize(host) : name(host);
        String normalPort = port(port, scheme);
        return normalPort.isEmpty() ? normalHost : normalHost + ":" + normalPort;
    }

    private static String portPart(String rest) throws TargetRefusal {
        if (rest.charAt(0) != ':') {
            throw TargetRefusal.badHost("unexpected characters after the host in the authority");
        }
        return rest.substring(1);
    }

    private static String name(String host) throws TargetRefusal {
        String lower = host.toLowerCase(Locale.ROOT);
        // a trailing dot names the same host (RFC 1034 section 3.1)
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.endsWith(".")) {
            // "a.." would become "a." here and "a" at the next hop: two views of one host
            throw TargetRefusal.badHost("the host ends with an empty label");
        }
        if (lower.isEmpty() || lower.length() > MAX_HOST) {
            throw TargetRefusal.badHost("the host name is empty or longer than " + MAX_HOST + " characters");
        }
        char previous = '.';
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && c != '-' && c != '_' && c != '.') {
                throw TargetRefusal.badHost("the host holds the character " + PathNormalizer.describe(c));
            }
            if (c == '.' && previous == '.') {
                throw TargetRefusal.badHost("the host has an empty label");
            }
            previous = c;
        }
        return lower;
    }

    private static String port(String port, String scheme) throws TargetRefusal {
        if (port.isEmpty()) {
            return "";
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw TargetRefusal.badHost("the port is not a number from 1 to 65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw TargetRefusal.badHost("the port is not a number from 1 to 65535");
        }
        boolean defaultPort = ("http".equals(scheme) && value == 80) || ("https".equals(scheme) && value == 443);
        return defaultPort ? "" : Integer.toString(value);
    }
}
