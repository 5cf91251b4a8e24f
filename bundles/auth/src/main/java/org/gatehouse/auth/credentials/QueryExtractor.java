package org.gatehouse.auth.credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** A value from a query parameter of the request target, such as {@code ?api_key=...}. */
final class QueryExtractor implements CredentialExtractor {
    private final String parameter;
    private final UserDefinedCredentials result;
    private final String location;

    QueryExtractor(LocationAttributes attributes) {
        this.parameter = attributes.required("parameter");
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("parameter=" + parameter);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Map<String, List<String>> parameters;
        try {
            parameters = message.queryParameters();
        } catch (IllegalArgumentException e) {
            throw new UnreadableCredentialsException(location + ": query is malformed: " + e.getMessage(), e);
        }
        List<String> values = parameters.getOrDefault(parameter, List.of());
        if (values.size() > 1) {
            throw new UnreadableCredentialsException(location + ": given " + values.size() + " times");
        }
        return result.ofOptional(values.stream().findFirst(), location);
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return ConsumedCredentials.queryParameter(parameter);
    }
}
