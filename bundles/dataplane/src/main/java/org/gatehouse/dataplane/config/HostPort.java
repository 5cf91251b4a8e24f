package org.gatehouse.dataplane.config;

/** Formats host and port the way operators read them: {@code 127.0.0.1:8080}, {@code [::1]:8443}. */
public final class HostPort {
    private HostPort() {
    }

    /** {@code host:port}, bracketing IPv6 literals that are not bracketed yet. */
    public static String format(String host, int port) {
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The host without the brackets an IPv6 literal may carry in the document. */
    public static String unbracket(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }
}
