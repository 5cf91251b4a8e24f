package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** A value from a named cookie of the {@code Cookie} header (RFC 6265 section 5.4; several fields are joined with "; "). */
final class CookieExtractor implements CredentialExtractor {
    private final String cookie;
    private final UserDefinedCredentials result;
    private final String location;

    CookieExtractor(LocationAttributes attributes) {
        this.cookie = attributes.required("cookie");
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("cookie=" + cookie);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<String> found = Optional.empty();
        for (String field : message.headers().all("Cookie")) {
            for (String pair : field.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(cookie)) {
                    if (found.isPresent()) {
                        throw new UnreadableCredentialsException(location + ": sent more than once");
                    }
                    found = Optional.of(unquote(pair.substring(eq + 1).strip()));
                }
            }
        }
        return result.ofOptional(found, location);
    }

    /** RFC 6265 section 4.1.1: a cookie value may be wrapped in double quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }

    @Override
    public ConsumedCredentials consumed(Message message) {
        return ConsumedCredentials.cookie(cookie);
    }
}
