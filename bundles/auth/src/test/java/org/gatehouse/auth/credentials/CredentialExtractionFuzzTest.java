package org.gatehouse.auth.credentials;

import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.identity.AuthorizationHeader;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the credential locations that read a request's headers and query (Basic, Bearer and
 * Negotiate in {@code Authorization}, a JWT after the {@code Bearer } prefix or as a whole header
 * value, an API key header, a session cookie, a query parameter) with arbitrary values, against an
 * oracle written from the RFCs: each location finds exactly what the oracle finds, and refuses
 * with {@link UnreadableCredentialsException} exactly when the oracle does; nothing else escapes.
 * A Basic pair re-encoded reads back the same. And the authenticate step, in front of an
 * authenticator that accepts whatever it is given, never lets a message on past an unreadable
 * location: it answers 401 with no identity, and only the first credentials found are checked.
 */
class CredentialExtractionFuzzTest {
    /** RFC 6750 section 2.1. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    /** RFC 7519 section 7.1 (an empty signature is the authenticator's to refuse). */
    private static final Pattern COMPACT_JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Map<Character, String> HEADERS = Map.of('A', "Authorization", 'T', "X-Token", 'K', "X-API-Key", 'C', "Cookie");
    private static final List<CredentialLocation> LOCATIONS = List.of(
            new CredentialLocation("basic", Map.of()),
            new CredentialLocation("bearer", Map.of()),
            new CredentialLocation("negotiate", Map.of()),
            new CredentialLocation("jwt", Map.of()),
            new CredentialLocation("jwt", Map.of("header", "X-Token", "prefix", "")),
            new CredentialLocation("header", Map.of("header", "X-API-Key")),
            new CredentialLocation("cookie", Map.of("cookie", "session", "as", "bearer")),
            new CredentialLocation("query", Map.of("parameter", "api_key")));
    /** Stands for a refusal in the comparisons. */
    private static final String REFUSED = "refused";

    /**
     * The input is text, one line per item, so that seeds are readable: the first line is the
     * query; then {@code A}, {@code T}, {@code K} or {@code C} and the value of an
     * {@code Authorization}, {@code X-Token}, {@code X-API-Key} or {@code Cookie} header; a line
     * {@code #} and digits lists the locations (indexes into {@link #LOCATIONS}) the step tries,
     * in order (none: the standard ones).
     */
    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void everyLocationReadsWhatTheOracleReads(byte[] input) throws Exception {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        String query = lines[0].replace("#", "");
        TestMessage.Builder builder = TestMessage.request("GET", query.isEmpty() ? "/x" : "/x?" + query);
        List<CredentialLocation> chosen = new ArrayList<>();
        for (int i = 1; i < lines.length && i <= 8; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                line.chars().filter(c -> c >= '0' && c < '0' + LOCATIONS.size()).forEach(c -> chosen.add(LOCATIONS.get(c - '0')));
            } else if (!line.isEmpty()) {
                // the data plane hands on no CR or NUL in a value (RFC 9110 section 5.5), nor does a Header hold one
                builder.header(HEADERS.getOrDefault(line.charAt(0), "Authorization"), line.substring(1).replaceAll("[\\r\\x00]", ""));
            }
        }
        TestMessage message = builder.build();
        for (CredentialLocation location : LOCATIONS) {
            Object expected = orRefused(() -> oracle(location, message));
            Object actual = orRefused(() -> CredentialExtractors.of(location).extract(message));
            assertEquals(expected, actual, location + " on " + message.headers() + " ?" + message.query());
            if (actual instanceof Optional<?> found && found.orElse(null) instanceof Credentials.Basic basic) {
                assertBasicRoundTrips(basic);
            }
        }
        assertStepNeverPassesARefusal(message, chosen);
    }

    /** The credentials of a location, or {@link #REFUSED}; any other exception fails the test. */
    private static Object orRefused(Reading reading) {
        try {
            return reading.read();
        } catch (UnreadableCredentialsException refusal) {
            assertFalse(refusal.getMessage() == null || refusal.getMessage().isBlank(), "a refusal says why");
            return REFUSED;
        }
    }

    @FunctionalInterface
    private interface Reading {
        Optional<Credentials> read() throws UnreadableCredentialsException;
    }

    /** user:pass splits at the first colon (RFC 7617 section 2): the pair, joined and encoded again, reads back the same. */
    private static void assertBasicRoundTrips(Credentials.Basic basic) {
        assertFalse(basic.username().contains(":"), "a user name with a colon: " + basic.username());
        String encoded = Base64.getEncoder().encodeToString((basic.username() + ":" + basic.password()).getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(basic), AuthorizationHeader.parse("Basic " + encoded));
    }

    /**
     * Runs the authenticate step over the chosen locations (the standard ones when none) with an
     * authenticator that accepts anything: the first location that refuses or finds decides.
     */
    private static void assertStepNeverPassesARefusal(Message message, List<CredentialLocation> chosen) throws Exception {
        List<CredentialLocation> locations = chosen.isEmpty()
                ? List.of(LOCATIONS.get(0), LOCATIONS.get(1), LOCATIONS.get(2)) // the standard ones that read headers
                : chosen;
        Object first = Optional.empty();
        for (CredentialLocation location : locations) {
            first = orRefused(() -> oracle(location, message));
            if (!first.equals(Optional.empty())) {
                break;
            }
        }
        AtomicReference<Credentials> checked = new AtomicReference<>();
        Authenticator acceptsAnything = (credentials, m) -> {
            checked.set(credentials);
            return CompletableFuture.completedStage(AuthenticationResult.authenticated(
                    Identity.of("anyone", credentials.kind(), message.receivedAt())));
        };
        StepRunner runner = new StepRunner().authenticator("any", acceptsAnything);
        PlatformStep step = runner.step(new AuthenticateStepFactory(), Map.of("method", "any", "realm", "r"));
        PlatformOutcome outcome = runner.run(step, message, chosen.toArray(CredentialLocation[]::new));
        if (first instanceof Optional<?> found && found.isPresent()) {
            assertEquals(found.get(), checked.get(), "the first credentials found are the ones checked");
            assertTrue(outcome.identity().isPresent(), outcome.toString());
        } else {
            assertResponded(outcome, 401); // also asserts that no identity comes with the answer
            assertEquals(null, checked.get(), "nothing is checked after " + first);
        }
    }

    // ---- the oracle, from the RFCs; it refuses by throwing ----

    private static Optional<Credentials> oracle(CredentialLocation location, Message message) throws UnreadableCredentialsException {
        switch (location.kind()) {
            case "basic":
            case "bearer":
            case "negotiate":
                return authorization(message.headers().all("Authorization"), location.kind());
            case "jwt":
                return jwt(message.headers().all(location.attributes().getOrDefault("header", "Authorization")),
                        location.attributes().getOrDefault("prefix", "Bearer "));
            case "header":
                return single(message.headers().all("X-API-Key")).map(v -> new Credentials.Custom("api-key", Map.of("value", v)));
            case "cookie":
                return cookie(message.headers().all("Cookie"));
            default:
                return queryParameter(message.query());
        }
    }

    /** RFC 9110 section 11.6.2: the first value of this scheme (names case-insensitive, then one space) is read. */
    private static Optional<Credentials> authorization(List<String> values, String scheme) throws UnreadableCredentialsException {
        for (String raw : values) {
            String value = raw.strip();
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.equals(scheme) && !lower.startsWith(scheme + " ")) {
                continue;
            }
            String token = value.substring(scheme.length()).strip();
            switch (scheme) {
                case "bearer":
                    refuseUnless(B64TOKEN.matcher(token).matches());
                    return Optional.of(new Credentials.Bearer(token));
                case "negotiate":
                    byte[] spnego = base64(token);
                    refuseUnless(spnego.length > 0);
                    return Optional.of(new Credentials.Negotiate(spnego));
                default:
                    String pair = utf8(base64(token));
                    int colon = pair.indexOf(':');
                    refuseUnless(colon >= 0);
                    return Optional.of(new Credentials.Basic(pair.substring(0, colon), pair.substring(colon + 1)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Credentials> jwt(List<String> values, String prefix) throws UnreadableCredentialsException {
        for (String value : values) {
            if (value.length() >= prefix.length() && value.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
                String token = value.substring(prefix.length()).strip();
                refuseUnless(COMPACT_JWT.matcher(token).matches());
                return Optional.of(new Credentials.Bearer(token));
            }
        }
        return Optional.empty();
    }

    /** RFC 6265 section 5.4: {@code name=value} pairs separated by ';'; the value may be quoted. */
    private static Optional<Credentials> cookie(List<String> fields) throws UnreadableCredentialsException {
        List<String> found = new ArrayList<>();
        for (String field : fields) {
            for (String pair : field.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals("session")) {
                    String value = pair.substring(eq + 1).strip();
                    boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
                    found.add(quoted ? value.substring(1, value.length() - 1) : value);
                }
            }
        }
        return single(found).map(v -> new Credentials.Bearer(v.strip()));
    }

    /** Every name and value is decoded (a malformed escape anywhere refuses the query); api_key may appear once. */
    private static Optional<Credentials> queryParameter(String query) throws UnreadableCredentialsException {
        List<String> found = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!pair.isEmpty() && name.equals("api_key")) {
                    found.add(value);
                }
            } catch (IllegalArgumentException malformed) {
                throw new UnreadableCredentialsException("malformed query");
            }
        }
        return single(found).map(v -> new Credentials.Custom("api-key", Map.of("value", v)));
    }

    /** A user-defined location: absent is empty; sent twice, or blank, is refused. */
    private static Optional<String> single(List<String> values) throws UnreadableCredentialsException {
        refuseUnless(values.size() <= 1);
        refuseUnless(values.isEmpty() || !values.get(0).isBlank());
        return values.stream().findFirst();
    }

    private static byte[] base64(String token) throws UnreadableCredentialsException {
        refuseUnless(!token.isEmpty());
        try {
            return Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new UnreadableCredentialsException("not base64");
        }
    }

    private static String utf8(byte[] bytes) throws UnreadableCredentialsException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableCredentialsException("not UTF-8");
        }
    }

    private static void refuseUnless(boolean condition) throws UnreadableCredentialsException {
        if (!condition) {
            throw new UnreadableCredentialsException("refused by the oracle");
        }
    }
}
