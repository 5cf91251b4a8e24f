package org.gatehouse.auth.credentials;

import java.util.List;
import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.message.Message;

/**
 * The part of a message a regular expression or a name-value list is read from: {@code body},
 * {@code path}, {@code query} or {@code header} (then the {@code header} attribute names it).
 */
record MessageSource(String source, String header) {

    static MessageSource from(LocationAttributes attributes, String defaultSource) {
        String source = attributes.optional("source", defaultSource);
        switch (source) {
            case "header":
                return new MessageSource(source, attributes.required("header"));
            case "body":
            case "path":
            case "query":
                return new MessageSource(source, "");
            default:
                throw new IllegalArgumentException("credential location: source '" + source + "' is not body, path, query or header");
        }
    }

    /** The text of that part; empty when it is absent (no such header, no body). */
    Optional<String> read(Message message, String location) throws UnreadableCredentialsException {
        switch (source) {
            case "header":
                if (message.headers().all(header).size() > 1) {
                    throw new UnreadableCredentialsException(location + ": header " + header + " sent more than once");
                }
                return message.headers().first(header);
            case "path":
                return Optional.of(message.path());
            case "query":
                return message.query().isEmpty() ? Optional.empty() : Optional.of(message.query());
            default:
                return MessageBodies.text(message, location);
        }
    }

    /**
     * What a location reading this part consumes: the header's fields; the named query parameters
     * when the query is read as {@code name=value&...}; nothing in the body or the path.
     */
    ConsumedCredentials consumed(Message message, List<String> names, String pairSeparator, String valueSeparator) {
        switch (source) {
            case "header":
                return CredentialExtractor.headerFields(message, header);
            case "query":
                if (pairSeparator.equals("&") && valueSeparator.equals("=")) {
                    ConsumedCredentials consumed = ConsumedCredentials.none();
                    for (String name : names) {
                        consumed = consumed.plus(ConsumedCredentials.queryParameter(name));
                    }
                    return consumed;
                }
                return ConsumedCredentials.none();
            default:
                return ConsumedCredentials.none();
        }
    }

    @Override
    public String toString() {
        return source.equals("header") ? "header " + header : source;
    }
}
