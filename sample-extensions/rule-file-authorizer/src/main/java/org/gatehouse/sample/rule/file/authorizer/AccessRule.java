package org.gatehouse.sample.rule.file.authorizer;

import java.util.Objects;
import java.util.Set;
import org.gatehouse.sdk.identity.Identity;

/**
 * One line of the rules file: whether it allows or denies, whom it is about, which methods and
 * which paths. A rule applies to a request when all three match; the first rule that applies
 * decides.
 *
 * @param allow   true for {@code allow}, false for {@code deny}
 * @param subject whom the rule is about
 * @param methods the methods, case-sensitive (RFC 9110 section 9.1); empty means every method ({@code *})
 * @param path    the path pattern
 * @param line    the rule's line in the file, for reasons and logs
 */
record AccessRule(boolean allow, Subject subject, Set<String> methods, PathPattern path, int line) {
    AccessRule {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(path, "path");
        methods = Set.copyOf(methods);
    }

    /** True when the rule is about this identity, method and path. */
    boolean applies(Identity identity, String method, String normalizedPath, boolean ignorePathCase) {
        return subject.matches(identity) && (methods.isEmpty() || methods.contains(method)) && path.matches(normalizedPath, ignorePathCase);
    }

    /** The rule as written, for reasons: {@code line 4: deny group:contractors DELETE /orders/**}. */
    String describe() {
        String methodList = methods.isEmpty() ? "*" : String.join(",", new java.util.TreeSet<>(methods));
        return "line " + line + ": " + (allow ? "allow " : "deny ") + subject + " " + methodList + " " + path;
    }

    /** Whom a rule is about: every authenticated identity, one principal, a group member, or a claim value. */
    sealed interface Subject {
        boolean matches(Identity identity);

        /** {@code *}: any authenticated identity. */
        record Anyone() implements Subject {
            @Override
            public boolean matches(Identity identity) {
                return true;
            }

            @Override
            public String toString() {
                return "*";
            }
        }

        /** {@code user:NAME}: the principal, exactly. */
        record User(String name) implements Subject {
            @Override
            public boolean matches(Identity identity) {
                return identity.principal().equals(name);
            }

            @Override
            public String toString() {
                return "user:" + name;
            }
        }

        /** {@code group:NAME}: a member of the group, exactly (the identity's groups, as its authenticator gave them). */
        record Group(String name) implements Subject {
            @Override
            public boolean matches(Identity identity) {
                return identity.memberOf(name);
            }

            @Override
            public String toString() {
                return "group:" + name;
            }
        }

        /** {@code claim:NAME=VALUE}: one of the claim's values is VALUE, exactly. */
        record Claim(String name, String value) implements Subject {
            @Override
            public boolean matches(Identity identity) {
                return identity.claim(name).contains(value);
            }

            @Override
            public String toString() {
                return "claim:" + name + "=" + value;
            }
        }
    }
}
