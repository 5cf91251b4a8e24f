package org.gatehouse.sandbox.bridge.internal;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns the arguments of instrumented methods into permission names of the shared vocabulary:
 * absolute normalized paths and {@code host:port}. Runs inside the re-entrancy guard.
 */
final class PermissionNames {
    private PermissionNames() {
    }

    /** Absolute, normalized ({@code ..} removed) path of a File, Path or String; null for null. */
    static String path(Object target) {
        if (target instanceof Path path) {
            return path.toAbsolutePath().normalize().toString();
        }
        if (target instanceof File file) {
            return normalize(file.getPath());
        }
        return target == null ? null : normalize(target.toString());
    }

    private static String normalize(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            // a path the default file system cannot parse (e.g. a NUL byte) cannot be opened
            // either; its absolute form still names it for the decision and the audit
            return new File(path).getAbsolutePath();
        }
    }

    /**
     * {@code host:port} as the caller wrote it (no reverse lookup): the host name when the address
     * was made from one, else the literal address; IPv6 literals in brackets; a null bind address
     * is the wildcard {@code 0.0.0.0:0}. (Unix domain sockets are checked as files, see
     * {@code NetworkEntries.socket}.)
     */
    static String socket(Object address) {
        if (address instanceof InetSocketAddress inet) {
            return hostPort(inet.getHostString(), inet.getPort());
        }
        if (address == null) {
            return "0.0.0.0:0";
        }
        return address.getClass() == SocketAddress.class ? "unknown:0" : address.toString();
    }

    static String hostPort(String host, int port) {
        String shown = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return shown + ":" + port;
    }

    /** True for an IPv4 or IPv6 literal: resolving it performs no lookup. */
    static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }
}
