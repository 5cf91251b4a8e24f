package org.gatehouse.sdk.bladelet;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host and port, as written {@code ldap.example.com:636}, {@code 127.0.0.1:389} or
 * {@code [::1]:389}. The host is not resolved here: resolving is a network action the sandbox
 * decides on, at the time the extension connects.
 *
 * @param host a DNS name, an IPv4 address or an IPv6 address (without brackets)
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)):([0-9]{1,5})");

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code host:port}; IPv6 hosts go in brackets.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static HostPort parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (IPv6 in brackets: [::1]:389)");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        return new HostPort(host, Integer.parseInt(m.group(3)));
    }

    /** An unresolved socket address for this host and port. */
    public InetSocketAddress toUnresolvedAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
