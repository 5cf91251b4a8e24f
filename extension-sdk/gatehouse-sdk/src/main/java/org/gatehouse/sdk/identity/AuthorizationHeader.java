package org.gatehouse.sdk.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads credentials from the value of an HTTP {@code Authorization} header: Basic (RFC 7617),
 * Bearer (RFC 6750 section 2.1) and Negotiate (RFC 4559). Other schemes are not credentials this
 * class knows, so it answers empty for them; a known scheme that is malformed is an error, because
 * a client that sent it meant to authenticate and must be told why it failed.
 *
 * <pre>{@code
 * Optional<Credentials> credentials = AuthorizationHeader.parse("Basic YWxpY2U6c2VjcmV0");
 * }</pre>
 */
public final class AuthorizationHeader {
    /** RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private AuthorizationHeader() {
    }

    /**
     * The credentials in one {@code Authorization} header value; empty for a blank value or a
     * scheme other than Basic, Bearer or Negotiate (scheme names are case-insensitive, RFC 9110 11.1).
     *
     * @throws IllegalArgumentException when the scheme is known but its parameters are malformed
     */
    public static Optional<Credentials> parse(String headerValue) {
        String value = headerValue == null ? "" : headerValue.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        switch (scheme) {
            case "basic":
                return Optional.of(basic(rest));
            case "bearer":
                return Optional.of(bearer(rest));
            case "negotiate":
                return Optional.of(new Credentials.Negotiate(decode("Negotiate", rest)));
            default:
                return Optional.empty();
        }
    }

    private static Credentials basic(String token68) {
        String userPass = utf8("Basic", decode("Basic", token68));
        int colon = userPass.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Authorization header: Basic credentials lack the ':' between user name and password");
        }
        return new Credentials.Basic(userPass.substring(0, colon), userPass.substring(colon + 1));
    }

    private static Credentials bearer(String token) {
        if (!B64TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("Authorization header: Bearer token is empty or has characters outside RFC 6750's b64token");
        }
        return new Credentials.Bearer(token);
    }

    private static byte[] decode(String scheme, String token68) {
        if (token68.isEmpty()) {
            throw new IllegalArgumentException("Authorization header: " + scheme + " without a token");
        }
        try {
            return Base64.getDecoder().decode(token68);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Authorization header: " + scheme + " token is not base64: " + e.getMessage(), e);
        }
    }

    private static String utf8(String scheme, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Authorization header: " + scheme + " credentials are not UTF-8 (RFC 7617 section 2.1)", e);
        }
    }
}
