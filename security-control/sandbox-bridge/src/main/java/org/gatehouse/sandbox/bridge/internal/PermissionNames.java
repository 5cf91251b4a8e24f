package org.gatehouse.sandbox.bridge.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns the arguments of instrumented methods into permission names of the shared vocabulary:
 * absolute normalized paths and {@code host:port}. Runs inside the re-entrancy guard.
 */
final class PermissionNames {
    /**
     * Every printable ASCII character but the separator, in one name: when the default file
     * system gives this path back unchanged, it reads and writes ASCII as it is (see
     * {@link #isPlainAbsolute}).
     */
    private static final String PROBE = "/" + printableAscii() + "/x";
    private static final boolean PLAIN_PATHS_ARE_THEIR_OWN_NAME = File.separatorChar == '/' && PROBE.equals(parsed(PROBE));

    private PermissionNames() {
    }

    /**
     * Absolute path of a File, Path or String with {@code .} and {@code ..} removed as the kernel
     * will remove them ({@link #named}); null for null.
     */
    static String path(Object target) {
        if (target instanceof Path path) {
            return named(path.toAbsolutePath());
        }
        if (target instanceof File file) {
            return normalize(file.getPath());
        }
        return target == null ? null : normalize(target.toString());
    }

    private static String normalize(String path) {
        if (PLAIN_PATHS_ARE_THEIR_OWN_NAME && isPlainAbsolute(path)) {
            return path;
        }
        try {
            return parsed(path);
        } catch (InvalidPathException e) {
            // a path the default file system cannot parse (e.g. a NUL byte) cannot be opened
            // either; its absolute form still names it for the decision and the audit
            return new File(path).getAbsolutePath();
        }
    }

    /** Whether {@link #isPlainAbsolute} paths are named without parsing on this JVM (a Unix file system, ASCII as it is). */
    static boolean plainPathsAreTheirOwnName() {
        return PLAIN_PATHS_ARE_THEIR_OWN_NAME;
    }

    private static String parsed(String path) {
        return named(Path.of(path).toAbsolutePath());
    }

    /**
     * The name of an absolute path. Without a {@code ..} name, its lexical normal form. With one,
     * the part before the last {@code ..} is resolved by the file system (symbolic links followed,
     * as the kernel follows them when it opens the path) and the rest is normalized onto it:
     * {@code s/..} is the folder above where {@code s} leads, not the folder {@code s} is in. A
     * part that does not exist (the open fails at it too) or cannot be read keeps the lexical form
     * (docs/sandbox.md "Paths and links").
     */
    static String named(Path absolute) {
        int lastUp = -1;
        for (int i = absolute.getNameCount() - 1; i >= 0 && lastUp < 0; i--) {
            if ("..".equals(absolute.getName(i).toString())) {
                lastUp = i;
            }
        }
        if (lastUp < 0) {
            return absolute.normalize().toString();
        }
        Path root = absolute.getRoot();
        Path before = lastUp == 0 ? root : root.resolve(absolute.subpath(0, lastUp));
        try {
            return before.toRealPath().resolve(absolute.subpath(lastUp, absolute.getNameCount())).normalize().toString();
        } catch (IOException | SecurityException e) {
            return absolute.normalize().toString();
        }
    }

    /**
     * True for a path the default Unix file system names as it is written, without parsing it:
     * absolute, printable ASCII only, no empty name (a doubled or trailing separator) and no
     * {@code .} or {@code ..} name. Parsing such a path changes nothing (no separator to fold,
     * no NUL, already absolute, nothing to normalize, and ASCII comes back from the platform
     * encoding as it went in, which {@link #PROBE} checks once); most paths a check sees are of
     * this kind ({@code java.io.File} folds separators already), and skipping the parse is a
     * good part of what a file check costs. Anything else is parsed.
     */
    static boolean isPlainAbsolute(String path) {
        int length = path.length();
        if (length < 2 || path.charAt(0) != '/') {
            return false;
        }
        int nameStart = 1;
        for (int i = 1; i <= length; i++) {
            char c = i < length ? path.charAt(i) : '/';
            if (c == '/') {
                if (!isPlainName(path, nameStart, i)) {
                    return false;
                }
                nameStart = i + 1;
            } else if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A name between separators: not empty, not {@code .}, not {@code ..}. */
    private static boolean isPlainName(String path, int start, int end) {
        int length = end - start;
        return length > 2 || length == 2 && !(path.charAt(start) == '.' && path.charAt(start + 1) == '.')
                || length == 1 && path.charAt(start) != '.';
    }

    private static String printableAscii() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c <= 0x7e; c++) {
            if (c != '/') {
                all.append(c);
            }
        }
        return all.toString();
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
