package org.gatehouse.sample.token.service.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.sdk.identity.Identity;

/**
 * What the token service said about one token, read from its JSON answer (RFC 7662 section 2.2):
 *
 * <pre>{@code
 * {"active": true, "sub": "alice", "groups": ["ops", "admins"], "scope": "orders:read orders:write",
 *  "client_id": "web", "exp": 1767225600}
 * {"active": false}
 * }</pre>
 *
 * <p>{@code active} is required. An active token needs a principal: {@code sub}, or else
 * {@code username}. {@code groups} (an extension member) must be an array of strings. Every other
 * member that is a string, number, boolean or array of strings becomes a claim of the identity;
 * {@code scope} is split at spaces (RFC 7662 section 2.2). A token whose {@code exp} has passed is
 * inactive, whatever the service says.
 */
sealed interface IntrospectionResponse {
    String METHOD = "token-service";

    /** The token is good: who it stands for, and until when, if the service said. */
    record Active(Identity identity, Optional<Instant> expiresAt) implements IntrospectionResponse {
    }

    /** The token is not good. */
    record Inactive(String reason) implements IntrospectionResponse {
    }

    /**
     * Reads a JSON answer.
     *
     * @throws TokenServiceException when the answer is not JSON or not an introspection response
     */
    static IntrospectionResponse read(String json, Instant now) throws TokenServiceException {
        Object parsed;
        try {
            parsed = JsonReader.read(json);
        } catch (IllegalArgumentException e) {
            throw new TokenServiceException("token service answer is not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> members)) {
            throw new TokenServiceException("token service answer is not a JSON object");
        }
        Object active = members.get("active");
        if (!(active instanceof Boolean)) {
            throw new TokenServiceException("token service answer has no boolean \"active\" (RFC 7662 section 2.2)");
        }
        if (!(Boolean) active) {
            return new Inactive("the token service says the token is not active");
        }
        Optional<Instant> expiresAt = members.get("exp") instanceof Long exp ? Optional.of(Instant.ofEpochSecond(exp)) : Optional.empty();
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return new Inactive("the token expired at " + expiresAt.get());
        }
        return new Active(new Identity(principal(members), METHOD, claims(members), groups(members), now), expiresAt);
    }

    private static String principal(Map<?, ?> members) throws TokenServiceException {
        for (String name : List.of("sub", "username")) {
            if (members.get(name) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        throw new TokenServiceException("token service answer for an active token has neither \"sub\" nor \"username\"");
    }

    private static List<String> groups(Map<?, ?> members) throws TokenServiceException {
        Object groups = members.get("groups");
        if (groups == null) {
            return List.of();
        }
        List<String> names = strings(groups);
        if (names == null) {
            throw new TokenServiceException("token service answer's \"groups\" is not an array of strings");
        }
        return names;
    }

    private static Map<String, List<String>> claims(Map<?, ?> members) {
        Map<String, List<String>> claims = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            String claim = (String) name;
            if (claim.isBlank() || claim.equals("active") || claim.equals("groups")) {
                return;
            }
            if (claim.equals("scope") && value instanceof String scope) {
                claims.put(claim, List.of(scope.strip().split(" +")));
            } else if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
                claims.put(claim, List.of(value.toString()));
            } else if (strings(value) != null) {
                claims.put(claim, strings(value));
            }
        });
        return claims;
    }

    /** The value as a list of strings, or null when it is not an array of strings. */
    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> items)) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s)) {
                return null;
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }
}
