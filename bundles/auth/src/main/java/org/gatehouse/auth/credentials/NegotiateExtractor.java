package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** An SPNEGO token (RFC 4559 section 4) from the {@code Authorization} header or the named one. */
public final class NegotiateExtractor implements CredentialExtractor {
    private final String header;

    public NegotiateExtractor(String header) {
        this.header = header;
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        return AuthorizationScheme.read(message, header, "Negotiate");
    }

    @Override
    public String challenge(String realm) {
        return "Negotiate"; // RFC 4559 section 4.1: the first challenge carries no token and no realm
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return CredentialExtractor.headerFields(message, header);
    }
}
