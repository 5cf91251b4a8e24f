package org.gatehouse.policy.engine.permission;

import java.util.Locale;

/**
 * A socket name: a host ({@code 127.0.0.1}, {@code [::1]}, {@code db.example.com},
 * {@code *.example.com} or {@code *}) and a port range ({@code 443}, {@code 8000-9000},
 * {@code 1024-}, {@code -1023} or {@code *}; absent means every port). Hosts are compared as
 * written, case-insensitively: no name is ever resolved here (a decision must never wait on DNS).
 */
record HostPortPattern(String host, int low, int high) {
    static final int MAX_PORT = 65535;

    /** Parses a policy name; an IPv6 address must be in brackets there. */
    static HostPortPattern policy(String name) {
        String host;
        String ports;
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("socket name [" + name + "] has no closing ']'");
            }
            host = name.substring(0, close + 1);
            String rest = name.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("socket name [" + name + "]: expected ':' after ']'");
            }
            ports = rest.isEmpty() ? "*" : rest.substring(1);
        } else {
            int colon = name.indexOf(':');
            if (colon >= 0 && name.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("socket name [" + name + "]: write an IPv6 address in brackets, e.g. [::1]:8080");
            }
            host = colon < 0 ? name : name.substring(0, colon);
            ports = colon < 0 ? "*" : name.substring(colon + 1);
        }
        checkHost(name, host);
        return withPorts(name, host.toLowerCase(Locale.ROOT), ports);
    }

    /** Parses a requested name: {@code host:port} where an unbracketed IPv6 host ends at the last ':'. */
    static HostPortPattern request(String name) {
        if (name.startsWith("[") || name.indexOf(':') == name.lastIndexOf(':')) {
            return policy(name);
        }
        int last = name.lastIndexOf(':');
        return withPorts(name, "[" + name.substring(0, last).toLowerCase(Locale.ROOT) + "]", name.substring(last + 1));
    }

    private static void checkHost(String name, String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("socket name [" + name + "] has no host");
        }
        int star = host.lastIndexOf('*');
        if (star > 0 || (star == 0 && !host.equals("*") && !host.startsWith("*."))) {
            throw new IllegalArgumentException("socket name [" + name + "]: '*' only as the whole host or as '*.' before a domain");
        }
    }

    private static HostPortPattern withPorts(String name, String host, String ports) {
        if (ports.equals("*") || ports.isEmpty()) {
            return new HostPortPattern(host, 0, MAX_PORT);
        }
        int dash = ports.indexOf('-');
        if (dash < 0) {
            int port = port(name, ports);
            return new HostPortPattern(host, port, port);
        }
        int low = dash == 0 ? 0 : port(name, ports.substring(0, dash));
        int high = dash == ports.length() - 1 ? MAX_PORT : port(name, ports.substring(dash + 1));
        if (low > high) {
            throw new IllegalArgumentException("socket name [" + name + "]: port range " + ports + " is empty");
        }
        return new HostPortPattern(host, low, high);
    }

    private static int port(String name, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port >= 0 && port <= MAX_PORT) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole name
        }
        throw new IllegalArgumentException("socket name [" + name + "]: [" + digits + "] is not a port (0-65535)");
    }

    String written() {
        if (low == 0 && high == MAX_PORT) {
            return host + ":*";
        }
        return low == high ? host + ":" + low : host + ":" + low + "-" + high;
    }

    boolean hostWithin(HostPortPattern grant) {
        if (grant.host.equals("*")) {
            return true;
        }
        if (grant.host.startsWith("*.")) {
            return !host.equals("*") && host.endsWith(grant.host.substring(1));
        }
        return host.equals(grant.host);
    }

    boolean hostOverlaps(HostPortPattern other) {
        return hostWithin(other) || other.hostWithin(this);
    }

    boolean portsWithin(HostPortPattern grant) {
        return grant.low <= low && high <= grant.high;
    }

    boolean portsOverlap(HostPortPattern other) {
        return low <= other.high && other.low <= high;
    }
}
