package org.gatehouse.extension.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.Headers;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;
import org.gatehouse.sdk.message.TlsInfo;

/**
 * An immutable {@link Message} built in a test. Defaults: listener and message type
 * {@code test}, HTTP/1.1 over http to {@code localhost}, from 127.0.0.1:50000 to 127.0.0.1:8080,
 * no headers, body, identity or TLS. When a harness runs a bladelet, the body is readable only
 * if the bladelet's descriptor declares it, as in the element.
 *
 * <pre>{@code
 * Message m = TestMessage.request("POST", "/orders?dry-run=true")
 *         .header("Content-Type", "application/json").body("{\"id\": 7}").build();
 * }</pre>
 */
public final class TestMessage implements Message {
    private final Builder b;

    private TestMessage(Builder b) {
        this.b = b.copy();
    }

    /** A builder for a request with that method and target ({@code /path?query}). */
    public static Builder request(String method, String target) {
        return new Builder(method, target);
    }

    /** This message after the changes a step asked for, as the engine would apply them. */
    public TestMessage withChanges(MessageChanges changes) {
        Builder next = b.copy();
        next.headers = changes.applyTo(b.headers);
        next.attributes = new LinkedHashMap<>(changes.applyToAttributes(b.attributes));
        changes.path().ifPresent(p -> next.path = p);
        changes.body().ifPresent(body -> next.body = body);
        return new TestMessage(next);
    }

    /** A builder holding this message's values, to derive a variant. */
    public Builder toBuilder() {
        return b.copy();
    }

    @Override public String id() { return b.id; }
    @Override public String listener() { return b.listener; }
    @Override public String messageType() { return b.messageType; }
    @Override public String protocol() { return b.protocol; }
    @Override public String scheme() { return b.tls.isPresent() ? "https" : "http"; }
    @Override public String method() { return b.method; }
    @Override public String authority() { return b.headers.first("Host").orElse(b.authority); }
    @Override public String path() { return b.path; }
    @Override public String query() { return b.query; }
    @Override public Headers headers() { return b.headers; }
    @Override public Map<String, String> attributes() { return Map.copyOf(b.attributes); }
    @Override public Optional<Identity> identity() { return b.identity; }
    @Override public InetSocketAddress remoteAddress() { return b.remote; }
    @Override public InetSocketAddress localAddress() { return b.local; }
    @Override public Optional<TlsInfo> tls() { return b.tls; }
    @Override public Instant receivedAt() { return b.receivedAt; }

    /** Always true here; the harness narrows it to what the descriptor declares. */
    @Override
    public boolean bodyReadable() {
        return true;
    }

    @Override
    public Body body() {
        return b.body;
    }

    @Override
    public String toString() {
        return "TestMessage[" + b.method + " " + b.path + (b.query.isEmpty() ? "" : "?" + b.query) + ", headers=" + b.headers + "]";
    }

    /** Collects a test message's parts. */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private String listener = "test";
        private String messageType = "test";
        private String protocol = "HTTP/1.1";
        private String method;
        private String authority = "localhost";
        private String path;
        private String query = "";
        private Headers headers = Headers.empty();
        private Map<String, String> attributes = new LinkedHashMap<>();
        private Optional<Identity> identity = Optional.empty();
        private Body body = Body.empty();
        private InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);
        private InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
        private Optional<TlsInfo> tls = Optional.empty();
        private Instant receivedAt = Instant.now();

        private Builder(String method, String target) {
            if (method == null || !method.matches("[A-Z]{1,16}")) {
                throw new IllegalArgumentException("method '" + method + "' must be upper case letters, such as GET");
            }
            this.method = method;
            Objects.requireNonNull(target, "target");
            int q = target.indexOf('?');
            this.path = q < 0 ? target : target.substring(0, q);
            this.query = q < 0 ? "" : target.substring(q + 1);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("target '" + target + "' must start with '/'");
            }
        }

        private Builder copy() {
            Builder c = new Builder(method, path);
            c.id = id;
            c.listener = listener;
            c.messageType = messageType;
            c.protocol = protocol;
            c.authority = authority;
            c.query = query;
            c.headers = headers;
            c.attributes = new LinkedHashMap<>(attributes);
            c.identity = identity;
            c.body = body;
            c.remote = remote;
            c.local = local;
            c.tls = tls;
            c.receivedAt = receivedAt;
            return c;
        }

        /** Appends a header field. */
        public Builder header(String name, String value) {
            headers = headers.plus(name, value);
            return this;
        }

        /** Sets a message attribute, as the classifier or an earlier step would. */
        public Builder attribute(String name, String value) {
            attributes.put(Message.requireAttributeName(name), Objects.requireNonNull(value));
            return this;
        }

        /** The identity an earlier authentication established. */
        public Builder identity(Identity value) {
            identity = Optional.of(value);
            return this;
        }

        /** A UTF-8 text body. */
        public Builder body(String text) {
            body = Body.ofText(text);
            return this;
        }

        /** A binary body. */
        public Builder body(byte[] content) {
            body = Body.of(content);
            return this;
        }

        /** The listener name. */
        public Builder listener(String name) {
            listener = Objects.requireNonNull(name);
            return this;
        }

        /** The message type the classifier gave. */
        public Builder messageType(String name) {
            messageType = Objects.requireNonNull(name);
            return this;
        }

        /** {@code HTTP/1.1} or {@code HTTP/2}. */
        public Builder protocol(String value) {
            protocol = Objects.requireNonNull(value);
            return this;
        }

        /** The authority used when there is no Host header. */
        public Builder authority(String value) {
            authority = Objects.requireNonNull(value);
            return this;
        }

        /** The client's address. */
        public Builder remoteAddress(InetSocketAddress value) {
            remote = Objects.requireNonNull(value);
            return this;
        }

        /** The local address. */
        public Builder localAddress(InetSocketAddress value) {
            local = Objects.requireNonNull(value);
            return this;
        }

        /** TLS facts; the scheme becomes https. */
        public Builder tls(TlsInfo value) {
            tls = Optional.of(value);
            return this;
        }

        /** When the message was received. */
        public Builder receivedAt(Instant value) {
            receivedAt = Objects.requireNonNull(value);
            return this;
        }

        /** The message. */
        public TestMessage build() {
            return new TestMessage(this);
        }
    }
}
