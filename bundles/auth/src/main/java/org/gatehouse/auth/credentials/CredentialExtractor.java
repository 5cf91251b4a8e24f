package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/**
 * Reads credentials from one place in a message (docs/data-plane.md "Authentication and authorization"). One
 * implementation per location kind; {@link CredentialExtractors} builds them from a message
 * type's {@code <credentials>} definitions.
 *
 * <pre>{@code
 * Optional<Credentials> found = new BasicExtractor("Authorization").extract(message);
 * }</pre>
 */
public interface CredentialExtractor {

    /**
     * The credentials at this location.
     *
     * @return empty when the location holds none (the client did not try)
     * @throws UnreadableCredentialsException when something is there but cannot be read (the client tried and failed)
     */
    Optional<Credentials> extract(Message message) throws UnreadableCredentialsException;

    /** The {@code WWW-Authenticate} value asking for credentials at this location (RFC 9110 section 11.6.1). */
    String challenge(String realm);

    /**
     * What the upstream must not get once the element has taken credentials from this location
     * (docs/data-plane.md "Consumed credentials"): whatever the location could read in this
     * message, whether or not it held the credentials used. Nothing for a location in the body or
     * the path, which the element does not edit.
     */
    default ConsumedCredentials consumed(Message message) {
        return ConsumedCredentials.none();
    }

    /** Every field of the named header, as sent. */
    static ConsumedCredentials headerFields(Message message, String header) {
        return ConsumedCredentials.headerFields(message.headers().fields().stream().filter(f -> f.hasName(header)).toList());
    }

    /** The challenge of a scheme that takes a realm, the realm quoted (RFC 9110 section 11.2). */
    static String realmChallenge(String scheme, String realm) {
        return scheme + " realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
