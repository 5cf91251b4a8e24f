package org.gatehouse.policy.engine.spi;

/**
 * Names with an optional trailing {@code *}: {@code gatehouse.*} covers every name that starts with
 * {@code gatehouse.}, {@code *} covers all. A {@code *} anywhere else is refused, which keeps
 * "covers" and "overlaps" exact for two patterns.
 */
final class NamePattern {
    private NamePattern() {
    }

    static String check(String typeName, String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException(typeName + " permission needs a name");
        }
        int star = name.indexOf('*');
        if (star >= 0 && star != name.length() - 1) {
            throw new IllegalArgumentException(typeName + " name [" + name + "] may have '*' only at its end");
        }
        return name;
    }

    static boolean isPattern(String name) {
        return name.endsWith("*");
    }

    private static String prefix(String pattern) {
        return pattern.substring(0, pattern.length() - 1);
    }

    /** Whether every name matched by {@code request} is matched by {@code grant}. */
    static boolean implies(String grant, String request) {
        if (grant.equals(request)) {
            return true;
        }
        return isPattern(grant) && request.startsWith(prefix(grant));
    }

    /** Whether some name is matched by both. */
    static boolean intersects(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (isPattern(a) && b.startsWith(prefix(a))) {
            return true;
        }
        if (isPattern(b) && a.startsWith(prefix(b))) {
            return true;
        }
        return isPattern(a) && isPattern(b) && (prefix(a).startsWith(prefix(b)) || prefix(b).startsWith(prefix(a)));
    }
}
