package org.gatehouse.auth.credentials;

import java.util.Locale;
import java.util.Optional;
import org.gatehouse.sdk.identity.AuthorizationHeader;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;

/** Reads the credentials of one scheme from an {@code Authorization}-style header (RFC 9110 section 11.6.2). */
final class AuthorizationScheme {
    private AuthorizationScheme() {
    }

    /**
     * The credentials of that scheme in the named header; empty when the header is absent or
     * uses another scheme, so that several schemes can be offered on one header.
     */
    static Optional<Credentials> read(Message message, String header, String scheme) throws UnreadableCredentialsException {
        for (String value : message.headers().all(header)) {
            if (hasScheme(value, scheme)) {
                try {
                    return AuthorizationHeader.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new UnreadableCredentialsException("header " + header + ": " + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    /** True when the value starts with the scheme name followed by a space or nothing (scheme names are case-insensitive). */
    static boolean hasScheme(String value, String scheme) {
        String v = value.strip();
        return v.toLowerCase(Locale.ROOT).startsWith(scheme.toLowerCase(Locale.ROOT))
                && (v.length() == scheme.length() || v.charAt(scheme.length()) == ' ');
    }
}
