package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** A value from a named request header, such as {@code X-API-Key}. */
final class HeaderExtractor implements CredentialExtractor {
    private final String header;
    private final UserDefinedCredentials result;
    private final String location;

    HeaderExtractor(LocationAttributes attributes) {
        this.header = attributes.required("header");
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("header=" + header);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        if (message.headers().all(header).size() > 1) {
            throw new UnreadableCredentialsException(location + ": sent more than once");
        }
        return result.ofOptional(message.headers().first(header), location);
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return CredentialExtractor.headerFields(message, header);
    }
}
