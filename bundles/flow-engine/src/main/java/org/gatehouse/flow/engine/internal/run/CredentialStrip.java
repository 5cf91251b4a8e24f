package org.gatehouse.flow.engine.internal.run;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.message.Header;
import org.gatehouse.sdk.message.Headers;

/**
 * Takes the credentials built-in steps consumed out of a request about to be forwarded
 * (docs/data-plane.md "Consumed credentials"): header fields as the client sent them, named cookies
 * out of every {@code Cookie} field (RFC 6265 section 5.4; HTTP/2 clients may split them over
 * several fields, RFC 9113 section 8.2.3), named parameters out of the query. Names are read the way
 * the credential locations read them, so whatever a location could have taken is taken out.
 */
final class CredentialStrip {
    private CredentialStrip() {
    }

    /** The headers without the consumed fields and cookies. */
    static Headers headers(Headers headers, ConsumedCredentials consumed) {
        if (consumed.headerFields().isEmpty() && consumed.cookies().isEmpty()) {
            return headers;
        }
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header field : headers) {
            if (consumed.headerFields().stream().anyMatch(c -> c.hasName(field.name()) && c.value().equals(field.value()))) {
                continue;
            }
            if (!consumed.cookies().isEmpty() && field.hasName("Cookie")) {
                String rest = withoutCookies(field.value(), consumed);
                if (!rest.isEmpty()) {
                    kept.add(new Header(field.name(), rest));
                }
                continue;
            }
            kept.add(field);
        }
        return Headers.of(kept);
    }

    private static String withoutCookies(String value, ConsumedCredentials consumed) {
        StringJoiner rest = new StringJoiner("; ");
        for (String pair : value.split(";")) {
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            if (!consumed.cookies().contains(name) && !pair.isBlank()) {
                rest.add(pair.strip());
            }
        }
        return rest.toString();
    }

    /** The raw query without the consumed parameters; empty when none of them is in it. */
    static Optional<String> query(String rawQuery, ConsumedCredentials consumed) {
        if (consumed.queryParameters().isEmpty() || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner rest = new StringJoiner("&");
        boolean removed = false;
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (consumed.queryParameters().contains(name(eq < 0 ? pair : pair.substring(0, eq)))) {
                removed = true;
            } else if (!pair.isEmpty()) {
                rest.add(pair);
            }
        }
        return removed ? Optional.of(rest.toString()) : Optional.empty();
    }

    /** Decoded as {@code Message.queryParameters()} decodes it; a malformed escape read as written. */
    private static String name(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
