package org.gatehouse.auth.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    Map<String, List<String>> all() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : claims.getClaims().keySet()) {
            all.put(name, of(name));
        }
        return all;
    }
}
