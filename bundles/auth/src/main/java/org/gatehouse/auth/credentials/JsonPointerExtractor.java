package org.gatehouse.auth.credentials;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** A scalar value selected by a JSON pointer (RFC 6901), such as {@code /auth/token}, from a JSON body. */
final class JsonPointerExtractor implements CredentialExtractor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonPointer pointer;
    private final UserDefinedCredentials result;
    private final String location;

    JsonPointerExtractor(LocationAttributes attributes) {
        String text = attributes.required("pointer");
        try {
            this.pointer = JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("credential location <json-pointer>: pointer '" + text + "' is not an RFC 6901 pointer: "
                    + e.getMessage(), e);
        }
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("pointer=" + text);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<String> body = MessageBodies.text(message, location);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body.get());
        } catch (JacksonException e) {
            throw new UnreadableCredentialsException(location + ": body is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode node = root.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw new UnreadableCredentialsException(location + ": points at " + node.getNodeType() + ", not a string or number");
        }
        return result.ofOptional(Optional.of(node.asText()), location);
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }
}
