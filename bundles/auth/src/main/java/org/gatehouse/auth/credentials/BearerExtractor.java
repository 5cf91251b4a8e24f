package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** An OAuth bearer token (RFC 6750 section 2.1) from the {@code Authorization} header or the named one. */
public final class BearerExtractor implements CredentialExtractor {
    private final String header;

    public BearerExtractor(String header) {
        this.header = header;
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        return AuthorizationScheme.read(message, header, "Bearer");
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
