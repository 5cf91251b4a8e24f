package org.gatehouse.auth.credentials;

import java.util.Map;
import java.util.Optional;
import org.gatehouse.sdk.identity.Credentials;

/**
 * What a user-defined location turns its extracted values into, from the attributes every
 * user-defined kind shares: {@code as="custom"} (the default) gives custom credentials of kind
 * {@code credentials} (default {@code api-key}); {@code as="bearer"} gives a bearer token, for a
 * JWT or an opaque token found somewhere else than the Authorization header; {@code as="basic"}
 * gives user name and password from the fields {@code username} and {@code password}.
 *
 * @param as          custom, bearer or basic
 * @param kind        the custom credentials' kind
 * @param challenge   the challenge scheme to send when the location is empty
 */
record UserDefinedCredentials(String as, String kind, String challenge) {
    /** The field name of a single extracted value. */
    static final String VALUE = "value";

    UserDefinedCredentials {
        if (!as.equals("custom") && !as.equals("bearer") && !as.equals("basic")) {
            throw new IllegalArgumentException("attribute 'as' is '" + as + "', not custom, bearer or basic");
        }
    }

    static UserDefinedCredentials from(LocationAttributes attributes) {
        return new UserDefinedCredentials(attributes.optional("as", "custom"), attributes.optional("credentials", "api-key"),
                attributes.optional("challenge", "ApiKey"));
    }

    /** Credentials from one value. */
    Credentials of(String value, String location) throws UnreadableCredentialsException {
        return of(Map.of(VALUE, value), location);
    }

    /** Credentials from named values. */
    Credentials of(Map<String, String> fields, String location) throws UnreadableCredentialsException {
        switch (as) {
            case "bearer":
                String token = fields.size() == 1 ? fields.values().iterator().next() : fields.get(VALUE);
                if (token == null || token.isBlank()) {
                    throw new UnreadableCredentialsException(location + ": empty token");
                }
                return new Credentials.Bearer(token.strip());
            case "basic":
                String user = fields.get("username");
                String password = fields.get("password");
                if (user == null || password == null) {
                    throw new UnreadableCredentialsException(location + ": as=\"basic\" needs the fields username and password, found "
                            + new java.util.TreeSet<>(fields.keySet()));
                }
                return new Credentials.Basic(user, password);
            default:
                return new Credentials.Custom(kind, fields);
        }
    }

    /** Credentials from an optional value: empty stays empty, a blank value is unreadable. */
    Optional<Credentials> ofOptional(Optional<String> value, String location) throws UnreadableCredentialsException {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().isBlank()) {
            throw new UnreadableCredentialsException(location + ": present but empty");
        }
        return Optional.of(of(value.get(), location));
    }

    String challengeFor(String realm) {
        return CredentialExtractor.realmChallenge(challenge, realm);
    }
}
