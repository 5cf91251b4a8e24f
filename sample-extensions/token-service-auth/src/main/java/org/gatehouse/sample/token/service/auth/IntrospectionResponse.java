package org.gatehouse.sample.token.service.auth;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.json.JsonArray;
import org.gatehouse.sdk.json.JsonBoolean;
import org.gatehouse.sdk.json.JsonNumber;
import org.gatehouse.sdk.json.JsonObject;
import org.gatehouse.sdk.json.JsonString;
import org.gatehouse.sdk.json.JsonValue;

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
     * Reads the service's JSON answer.
     *
     * @throws TokenServiceException when the answer is not an introspection response
     */
    static IntrospectionResponse read(JsonValue answer, Instant now) throws TokenServiceException {
        if (!(answer instanceof JsonObject members)) {
            throw new TokenServiceException("token service answer is not a JSON object");
        }
        Optional<Boolean> active = members.bool("active");
        if (active.isEmpty()) {
            throw new TokenServiceException("token service answer has no boolean \"active\" (RFC 7662 section 2.2)");
        }
        if (!active.get()) {
            return new Inactive("the token service says the token is not active");
        }
        Optional<Instant> expiresAt = members.number("exp").flatMap(IntrospectionResponse::epochSecond);
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return new Inactive("the token expired at " + expiresAt.get());
        }
        return new Active(new Identity(principal(members), METHOD, claims(members), groups(members), now), expiresAt);
    }

    private static Optional<Instant> epochSecond(BigDecimal exp) {
        try {
            return Optional.of(Instant.ofEpochSecond(exp.longValueExact()));
        } catch (ArithmeticException notWhole) {
            return Optional.empty();
        }
    }

    private static String principal(JsonObject members) throws TokenServiceException {
        for (String name : List.of("sub", "username")) {
            Optional<String> value = members.string(name);
            if (value.isPresent() && !value.get().isBlank()) {
                return value.get();
            }
        }
        throw new TokenServiceException("token service answer for an active token has neither \"sub\" nor \"username\"");
    }

    private static List<String> groups(JsonObject members) throws TokenServiceException {
        Optional<JsonValue> groups = members.get("groups");
        if (groups.isEmpty()) {
            return List.of();
        }
        List<String> names = strings(groups.get());
        if (names == null) {
            throw new TokenServiceException("token service answer's \"groups\" is not an array of strings");
        }
        return names;
    }

    private static Map<String, List<String>> claims(JsonObject members) {
        Map<String, List<String>> claims = new LinkedHashMap<>();
        members.members().forEach((claim, value) -> {
            if (claim.isBlank() || claim.equals("active") || claim.equals("groups")) {
                return;
            }
            if (claim.equals("scope") && value instanceof JsonString scope) {
                claims.put(claim, List.of(scope.value().strip().split(" +")));
            } else if (value instanceof JsonString text) {
                claims.put(claim, List.of(text.value()));
            } else if (value instanceof JsonNumber number) {
                claims.put(claim, List.of(number.value().toString()));
            } else if (value instanceof JsonBoolean bool) {
                claims.put(claim, List.of(String.valueOf(bool.value())));
            } else if (strings(value) != null) {
                claims.put(claim, strings(value));
            }
        });
        return claims;
    }

    /** The value as a list of strings, or null when it is not an array of strings. */
    private static List<String> strings(JsonValue value) {
        if (!(value instanceof JsonArray array)) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : array.elements()) {
            if (!(item instanceof JsonString text)) {
                return null;
            }
            strings.add(text.value());
        }
        return List.copyOf(strings);
    }
}
