package org.gatehouse.auth.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/**
 * Named values from a list of name-value pairs in one part of the message, such as the header
 * {@code X-Auth: user=alice; key=3f9a}: {@code names} lists the wanted names (space-separated),
 * each becoming a field; {@code pair-separator} (default {@code ;}) and {@code value-separator}
 * (default {@code =}) say how the list is written. All names or none must be present.
 */
final class NameValueExtractor implements CredentialExtractor {
    private final List<String> names;
    private final String pairSeparator;
    private final String valueSeparator;
    private final MessageSource source;
    private final UserDefinedCredentials result;
    private final String location;

    NameValueExtractor(LocationAttributes attributes) {
        this.names = List.of(attributes.required("names").strip().split("\\s+"));
        this.pairSeparator = attributes.optional("pair-separator", ";");
        this.valueSeparator = attributes.optional("value-separator", "=");
        this.source = MessageSource.from(attributes, "header");
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("source=" + source + " names=" + names);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<String> text = source.read(message, location);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> pairs = pairs(text.get());
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : names) {
            if (pairs.containsKey(name)) {
                fields.put(name, pairs.get(name));
            }
        }
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        if (fields.size() < names.size()) {
            throw new UnreadableCredentialsException(location + ": found " + fields.keySet() + " but not all of " + names);
        }
        return Optional.of(names.size() == 1 ? result.of(fields.get(names.get(0)), location) : result.of(fields, location));
    }

    private Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(java.util.regex.Pattern.quote(pairSeparator))) {
            int sep = pair.indexOf(valueSeparator);
            if (sep > 0) {
                pairs.putIfAbsent(pair.substring(0, sep).strip(), pair.substring(sep + valueSeparator.length()).strip());
            }
        }
        return pairs;
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return source.consumed(message, names, pairSeparator, valueSeparator);
    }
}
