package org.gatehouse.sdk.message;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatehouse.sdk.identity.Identity;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The application message a step sees: an immutable view, valid for the duration of one step
 * call. The engine provides it; extensions only read it and answer with a
 * {@link MessageChanges} inside their outcome. The test kit has a builder for tests.
 *
 * <p>The body is only there when the bladelet declared it needs it (descriptor element
 * {@code <body max-bytes="..."/>}); otherwise the engine streams it straight through and
 * {@link #body()} throws {@link BodyNotDeclaredException}.
 *
 * <pre>{@code
 * if (message.method().equals("POST") && message.path().startsWith("/admin/")) { ... }
 * }</pre>
 */
@ProviderType
public interface Message {
    /** A unique id of this message, for logs and audit events. */
    String id();

    /** The name of the listener (from {@code element.xml}) it arrived on. */
    String listener();

    /** The message type the classifier gave it (docs/data-plane.md "Classification"), the one whose flow is running. */
    String messageType();

    /** {@code HTTP/1.1} or {@code HTTP/2}. */
    String protocol();

    /** {@code http} or {@code https}. */
    String scheme();

    /** The request method, such as {@code GET}. */
    String method();

    /** The authority (Host header or HTTP/2 {@code :authority}), such as {@code api.example.com:8443}. */
    String authority();

    /** The request path as received, percent-encoding kept, without the query; starts with {@code /}. */
    String path();

    /** The raw query after {@code ?}, percent-encoding kept; empty when there is none. */
    String query();

    /** The request headers. */
    Headers headers();

    /** Attributes set on the message by the classifier and earlier steps. */
    Map<String, String> attributes();

    /** The identity an authenticator established for this message, if any step has run one. */
    Optional<Identity> identity();

    /** True when this step may call {@link #body()}. */
    boolean bodyReadable();

    /**
     * The buffered body, at most the descriptor's {@code max-bytes} long.
     *
     * @throws BodyNotDeclaredException when the bladelet did not declare body access
     */
    Body body();

    /** The client's address. */
    InetSocketAddress remoteAddress();

    /** The local address the message arrived at. */
    InetSocketAddress localAddress();

    /** TLS facts, when the message arrived over TLS. */
    Optional<TlsInfo> tls();

    /** When the element received the message. */
    Instant receivedAt();

    /**
     * The query decoded as {@code application/x-www-form-urlencoded} name/value pairs, each name
     * with its values in order. A malformed escape is an {@link IllegalArgumentException}.
     */
    default Map<String, List<String>> queryParameters() {
        return decodeQuery(query());
    }

    /** Decodes a raw query string; see {@link #queryParameters()}. */
    static Map<String, List<String>> decodeQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        params.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(params);
    }

    /** Attribute names: lower case words joined by '.', '-' or '_', such as {@code auth.method}. */
    Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9._-]{0,127}");

    /** Returns the name when it is a valid attribute name, otherwise throws naming it. */
    static String requireAttributeName(String name) {
        if (name == null || !ATTRIBUTE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("attribute name '" + name + "' must match " + ATTRIBUTE_NAME.pattern());
        }
        return name;
    }
}
