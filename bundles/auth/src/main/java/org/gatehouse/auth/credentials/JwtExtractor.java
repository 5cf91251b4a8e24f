package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import java.util.regex.Pattern;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/**
 * A JWT in compact serialization (RFC 7519 section 7.1) from a header, after an optional prefix
 * such as {@code Bearer }. Handed on as bearer credentials; the signature is the authenticator's
 * business, the shape is checked here so a mangled token is reported as unreadable.
 */
public final class JwtExtractor implements CredentialExtractor {
    /** Three base64url parts; the last is empty for an unsecured JWT, which the authenticator refuses. */
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final String header;
    private final String prefix;

    public JwtExtractor(String header, String prefix) {
        this.header = header;
        this.prefix = prefix;
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        for (String value : message.headers().all(header)) {
            if (prefix.isEmpty() || value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                String token = value.substring(prefix.length()).strip();
                if (!COMPACT.matcher(token).matches()) {
                    throw new UnreadableCredentialsException("header " + header + ": not a JWT in compact serialization");
                }
                return Optional.of(new Credentials.Bearer(token));
            }
        }
        return Optional.empty();
    }

    @Override
    public String challenge(String realm) {
        return CredentialExtractor.realmChallenge("Bearer", realm);
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return CredentialExtractor.headerFields(message, header);
    }
}
