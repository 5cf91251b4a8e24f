package org.gatehouse.sdk.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes a step asks the engine to make to the message before the next step sees it or it
 * is forwarded: header edits in order, attributes to set, and optionally a new path or a new body.
 * A step never edits the message itself, so a step that is cut off at its deadline leaves nothing
 * half-changed.
 *
 * <pre>{@code
 * MessageChanges changes = MessageChanges.builder()
 *         .setHeader("X-Forwarded-User", identity.principal())
 *         .removeHeader("Authorization")
 *         .attribute("tenant", "blue")
 *         .build();
 * }</pre>
 *
 * @param headerChanges edits to the headers, applied in order
 * @param attributes    message attributes to set (added or replaced) for the later steps
 * @param path          the new request path, if the step rewrites it
 * @param body          the new body, if the step replaces it (the engine fixes Content-Length)
 */
public record MessageChanges(List<HeaderChange> headerChanges, Map<String, String> attributes,
                             Optional<String> path, Optional<Body> body) {
    private static final MessageChanges NONE = new MessageChanges(List.of(), Map.of(), Optional.empty(), Optional.empty());

    public MessageChanges {
        headerChanges = List.copyOf(headerChanges);
        Map<String, String> copy = new LinkedHashMap<>();
        attributes.forEach((k, v) -> copy.put(Message.requireAttributeName(k), Objects.requireNonNull(v, "attribute value")));
        attributes = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(path, "path");
        path.ifPresent(MessageChanges::requirePath);
        Objects.requireNonNull(body, "body");
    }

    /** No change at all. */
    public static MessageChanges none() {
        return NONE;
    }

    /** A builder starting with no change. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when applying these changes would leave the message as it is. */
    public boolean isEmpty() {
        return headerChanges.isEmpty() && attributes.isEmpty() && path.isEmpty() && body.isEmpty();
    }

    /** The headers after these changes. */
    public Headers applyTo(Headers headers) {
        Headers result = headers;
        for (HeaderChange change : headerChanges) {
            result = change.applyTo(result);
        }
        return result;
    }

    /** The attributes after these changes. */
    public Map<String, String> applyToAttributes(Map<String, String> before) {
        Map<String, String> after = new LinkedHashMap<>(before);
        after.putAll(attributes);
        return java.util.Collections.unmodifiableMap(after);
    }

    private static void requirePath(String path) {
        // RFC 9112 section 3.2.1: origin-form starts with "/"; CR, LF and spaces would break the request line
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '?' || c == '#')) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/' and hold no spaces, control characters, '?' or '#'");
        }
    }

    /** Collects changes in the order a step makes them. Not thread-safe; build once per message. */
    public static final class Builder {
        private final List<HeaderChange> headerChanges = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Optional<String> path = Optional.empty();
        private Optional<Body> body = Optional.empty();

        private Builder() {
        }

        /** Replaces every field of that name by one with the value. */
        public Builder setHeader(String name, String value) {
            headerChanges.add(new HeaderChange.Set(name, value));
            return this;
        }

        /** Appends a field. */
        public Builder addHeader(String name, String value) {
            headerChanges.add(new HeaderChange.Add(name, value));
            return this;
        }

        /** Removes every field of that name. */
        public Builder removeHeader(String name) {
            headerChanges.add(new HeaderChange.Remove(name));
            return this;
        }

        /** Sets a message attribute that later steps and the flow can read. */
        public Builder attribute(String name, String value) {
            attributes.put(Message.requireAttributeName(name), Objects.requireNonNull(value, "attribute value"));
            return this;
        }

        /** Rewrites the request path (without query). */
        public Builder path(String newPath) {
            requirePath(newPath);
            path = Optional.of(newPath);
            return this;
        }

        /** Replaces the body. */
        public Builder body(Body newBody) {
            body = Optional.of(newBody);
            return this;
        }

        /** The changes collected so far. */
        public MessageChanges build() {
            return new MessageChanges(headerChanges, attributes, path, body);
        }
    }
}
