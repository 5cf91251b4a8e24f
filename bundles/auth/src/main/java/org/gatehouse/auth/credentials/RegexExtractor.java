package org.gatehouse.auth.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/**
 * Values found by a regular expression in one part of the message ({@code source}: body, path,
 * query or a header). Named groups become fields of the same name (so {@code (?<username>...)}
 * and {@code (?<password>...)} can make Basic credentials); without named groups, group 1 (or the
 * whole match) is the single value. The first match counts; no match means no credentials.
 */
final class RegexExtractor implements CredentialExtractor {
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Pattern pattern;
    private final List<String> groupNames;
    private final MessageSource source;
    private final UserDefinedCredentials result;
    private final String location;

    RegexExtractor(LocationAttributes attributes) {
        String text = attributes.required("pattern");
        try {
            this.pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("credential location <regex>: pattern '" + text + "' does not compile: "
                    + e.getDescription() + " at index " + e.getIndex(), e);
        }
        this.groupNames = GROUP_NAME.matcher(text).results().map(m -> m.group(1)).toList();
        this.source = MessageSource.from(attributes, "body");
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("source=" + source + " pattern=" + text);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<String> text = source.read(message, location);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text.get());
        if (!m.find()) {
            return Optional.empty();
        }
        if (groupNames.isEmpty()) {
            String value = m.groupCount() >= 1 ? m.group(1) : m.group();
            return result.ofOptional(Optional.ofNullable(value), location);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : groupNames) {
            if (m.group(name) != null) {
                fields.put(name, m.group(name));
            }
        }
        return Optional.of(result.of(fields, location));
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }

    /** The header read; nothing in the query, whose matched text has no parameter name the element could take out. */
    @Override
    public ConsumedCredentials consumed(Message message) {
        return source.consumed(message, List.of(), "&", "=");
    }
}
