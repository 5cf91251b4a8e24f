package org.gatehouse.auth.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JWT's claims as the identity's claim map: every claim a list of strings. A string is one
 * value, except {@code scope} which RFC 8693 section 4.2 writes space-separated; an array gives
 * its elements; a date its epoch seconds; anything else its JSON text.
 */
final class ClaimValues {
    private final JWTClaimsSet claims;

    ClaimValues(JWTClaimsSet claims) {
        this.claims = claims;
    }

    List<String> of(String name) {
        Object value = claims.getClaim(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            List<String> list = new ArrayList<>();
            collection.forEach(v -> list.add(String.valueOf(v)));
            return list;
        }
        if (value instanceof Date date) {
            return List.of(Long.toString(date.toInstant().getEpochSecond()));
        }
        if (name.equals("scope") && value instanceof String scopes) {
            return List.of(scopes.strip().split("\\s+"));
        }
        return List.of(String.valueOf(value));
    }

    /**
     * The one name a claim gives a principal: a string or a number, or an array of exactly one;
     * empty when it is absent, blank, several values or an object.
     */
    Optional<String> principal(String name) {
        Object value = claims.getClaim(name);
        if (value instanceof Collection<?> collection && collection.size() == 1) {
            value = collection.iterator().next();
        }
        if ((value instanceof String || value instanceof Number) && !value.toString().isBlank()) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /** Every claim by name; a claim with a blank name is left out (no rule or header can name it). */
    Map<String, List<String>> all() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : claims.getClaims().keySet()) {
            if (!name.isBlank()) {
                all.put(name, of(name));
            }
        }
        return all;
    }
}
