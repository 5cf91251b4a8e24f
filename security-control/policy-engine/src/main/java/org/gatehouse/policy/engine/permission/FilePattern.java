package org.gatehouse.policy.engine.permission;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A file name as in a policy: an absolute path, {@code /dir/*} (the entries directly in
 * {@code dir}) or {@code /dir/-} ({@code dir} itself and everything below it, at any depth).
 * Paths are compared as normalised strings; nothing touches the file system, so symbolic links
 * are not followed (the sandbox reports the path that was asked for).
 */
record FilePattern(String path, Kind kind) {
    enum Kind { EXACT, CHILDREN, SUBTREE }

    /** Parses a policy name: absolute, no {@code .} or {@code ..} elements, wildcards only last. */
    static FilePattern policy(String name) {
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("file name [" + name + "] must be an absolute path");
        }
        StringBuilder out = new StringBuilder();
        String[] parts = name.split("/");
        Kind kind = Kind.EXACT;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("file name [" + name + "] must not contain '.' or '..' elements");
            }
            if ((part.equals("*") || part.equals("-")) && last) {
                kind = part.equals("*") ? Kind.CHILDREN : Kind.SUBTREE;
                continue;
            }
            if (part.contains("*")) {
                throw new IllegalArgumentException("file name [" + name + "] may have '*' or '-' only as its last element");
            }
            out.append('/').append(part);
        }
        return new FilePattern(out.length() == 0 ? "/" : out.toString(), kind);
    }

    /**
     * Reads a name already in canonical form (a policy name after {@link #policy}, or a request
     * after {@link #normalizeRequest}); only a last element {@code *} or {@code -} is special.
     */
    static FilePattern parse(String canonical) {
        if (canonical.endsWith("/*") || canonical.endsWith("/-")) {
            String dir = canonical.substring(0, canonical.length() - 2);
            return new FilePattern(dir.isEmpty() ? "/" : dir, canonical.endsWith("*") ? Kind.CHILDREN : Kind.SUBTREE);
        }
        return new FilePattern(canonical, Kind.EXACT);
    }

    /** Normalises a requested path: resolves {@code .} and {@code ..} lexically, never above the root. */
    static String normalizeRequest(String name) {
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("file name [" + name + "] is not an absolute path");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    String written() {
        String base = path.equals("/") ? "" : path;
        return switch (kind) {
            case EXACT -> path;
            case CHILDREN -> base + "/*";
            case SUBTREE -> base + "/-";
        };
    }

    /** Whether every path this pattern names is named by {@code grant}. */
    boolean within(FilePattern grant) {
        return switch (grant.kind) {
            case EXACT -> kind == Kind.EXACT && path.equals(grant.path);
            case CHILDREN -> (kind == Kind.EXACT && isChild(path, grant.path))
                    || (kind == Kind.CHILDREN && path.equals(grant.path));
            case SUBTREE -> isSameOrBelow(path, grant.path);
        };
    }

    /** Whether some path is named by both patterns. */
    boolean overlaps(FilePattern other) {
        if (kind == Kind.EXACT) {
            return within(other);
        }
        if (other.kind == Kind.EXACT) {
            return other.within(this);
        }
        if (kind == Kind.SUBTREE && other.kind == Kind.SUBTREE) {
            return isSameOrBelow(path, other.path) || isSameOrBelow(other.path, path);
        }
        if (kind == Kind.CHILDREN && other.kind == Kind.CHILDREN) {
            return path.equals(other.path);
        }
        FilePattern children = kind == Kind.CHILDREN ? this : other;
        FilePattern subtree = kind == Kind.SUBTREE ? this : other;
        // a child of `children.path` lies in the subtree when the directory itself is in it, or
        // when the subtree's root is itself one of those children
        return isSameOrBelow(children.path, subtree.path) || isChild(subtree.path, children.path);
    }

    static boolean isSameOrBelow(String path, String dir) {
        if (dir.equals("/")) {
            return true;
        }
        return path.equals(dir) || (path.startsWith(dir) && path.charAt(dir.length()) == '/');
    }

    static boolean isChild(String path, String dir) {
        if (path.equals("/") || !isSameOrBelow(path, dir) || path.equals(dir)) {
            return false;
        }
        int lastSlash = path.lastIndexOf('/');
        return lastSlash == (dir.equals("/") ? 0 : dir.length());
    }
}
