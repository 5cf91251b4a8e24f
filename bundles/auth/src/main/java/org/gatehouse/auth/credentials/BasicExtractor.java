package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** HTTP Basic credentials (RFC 7617) from the {@code Authorization} header or the named one. */
public final class BasicExtractor implements CredentialExtractor {
    private final String header;

    public BasicExtractor(String header) {
        this.header = header;
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        return AuthorizationScheme.read(message, header, "Basic");
    }

    @Override
    public String challenge(String realm) {
        // RFC 7617 section 2.1: the charset parameter tells the client to send UTF-8
        return CredentialExtractor.realmChallenge("Basic", realm) + ", charset=\"UTF-8\"";
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return CredentialExtractor.headerFields(message, header);
    }
}
