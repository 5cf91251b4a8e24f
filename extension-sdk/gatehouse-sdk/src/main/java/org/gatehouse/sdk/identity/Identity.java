package org.gatehouse.sdk.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An authenticated identity: who the principal is, how that was established, and what is known
 * about it (claims or directory attributes, group memberships). Immutable; built by an
 * authenticator and handed to authorizers and later steps.
 *
 * <pre>{@code
 * Identity alice = new Identity("alice", "ldap-bind", Map.of("mail", List.of("alice@example.com")),
 *         List.of("ops"), clock.instant());
 * }</pre>
 *
 * @param principal             the name the principal is known by, never blank
 * @param authenticationMethod  the method that established it, such as {@code basic}, {@code jwt}, {@code x509}
 * @param claims                attributes or claims, each name with its values in order
 * @param groups                group names, in the order the authority gave them, without duplicates
 * @param authenticatedAt       when the authentication happened
 */
public record Identity(String principal, String authenticationMethod, Map<String, List<String>> claims,
                       List<String> groups, Instant authenticatedAt) {
    public Identity {
        principal = requireText(principal, "principal");
        authenticationMethod = requireText(authenticationMethod, "authenticationMethod");
        Objects.requireNonNull(claims, "claims");
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        claims.forEach((name, values) -> copy.put(requireText(name, "claim name"), List.copyOf(values)));
        claims = java.util.Collections.unmodifiableMap(copy);
        groups = List.copyOf(new java.util.LinkedHashSet<>(groups));
        Objects.requireNonNull(authenticatedAt, "authenticatedAt");
    }

    /** An identity with no claims and no groups. */
    public static Identity of(String principal, String authenticationMethod, Instant authenticatedAt) {
        return new Identity(principal, authenticationMethod, Map.of(), List.of(), authenticatedAt);
    }

    /** True when the identity belongs to the named group (exact, case-sensitive match). */
    public boolean memberOf(String group) {
        return groups.contains(group);
    }

    /** The values of one claim, empty when the identity has no such claim. */
    public List<String> claim(String name) {
        return claims.getOrDefault(name, List.of());
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("identity " + what + " must not be blank");
        }
        return value;
    }
}
