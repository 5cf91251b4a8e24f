package org.gatehouse.sample.api.key.auth;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Authenticates API keys against a keys file in the extension's data folder, which lists each
 * key's SHA-256 digest (never the key) with the principal and groups it stands for; see
 * {@link ApiKeyFile} for the format. The file is re-read when it changes.
 *
 * <p>Where the key comes from, first found wins: custom credentials from a message type's credential
 * location (a {@code key} field, or the single {@code value} field a one-value location fills), the
 * header named by {@code header} (default {@code X-Api-Key}), or a Bearer token when
 * {@code accept-bearer} is true. The element calls an authenticator only when the message type's
 * locations found credentials, so in a flow one of them must cover where clients put the key.
 *
 * <p>The presented key's digest is compared with every entry's, each with
 * {@link MessageDigest#isEqual} (constant time in the length), without stopping at a match, so
 * the time taken does not tell how far into the file a digest matched.
 *
 * <pre>{@code
 * # <gatehouse.data>/extensions/org.gatehouse.sample.api-key-auth/api-keys.txt
 * billing-1:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08:billing-service:payments
 * }</pre>
 */
public final class ApiKeyAuthenticator implements Authenticator {
    /** Longer header values are not keys anyone issued; hashing them would only cost time. */
    static final int MAX_KEY_LENGTH = 1024;
    static final String METHOD = "api-key";

    private final ReloadingKeyFile keys;
    private final String header;
    private final boolean acceptBearer;
    private final List<String> challenges;
    private final Clock clock;
    private final MetricCounter authenticated;
    private final MetricCounter rejected;

    /** Reads the keys file; a malformed one refuses the flow, naming the file and line. */
    public ApiKeyAuthenticator(BladeletContext context) {
        Parameters parameters = context.parameters();
        Path file = context.dataFolder().resolve(parameters.string("keys-file")).normalize();
        if (!file.startsWith(context.dataFolder().normalize())) {
            // the descriptor's pattern already forbids separators and "..": this is the second lock
            throw new IllegalArgumentException("keys-file " + parameters.string("keys-file") + " leaves the data folder");
        }
        this.header = parameters.string("header");
        this.acceptBearer = parameters.booleanValue("accept-bearer");
        this.challenges = challenges(parameters.string("realm"), header, acceptBearer);
        this.clock = context.clock();
        this.authenticated = context.counter("authenticated_total");
        this.rejected = context.counter("rejected_total");
        this.keys = new ReloadingKeyFile(file, parameters.duration("reload-interval"), clock, context.logger(),
                context.counter("reloads_total"), context.counter("reload_failures_total"));
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        return CompletableFuture.completedStage(check(credentials, message));
    }

    private AuthenticationResult check(Credentials credentials, Message message) {
        List<String> presented = presentedKeys(credentials, message);
        if (presented.isEmpty()) {
            return reject("no API key in the message");
        }
        if (presented.size() > 1) {
            return reject("several API keys in the message (" + presented.size() + " " + header + " fields)");
        }
        String key = presented.get(0);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return reject("API key is empty or longer than " + MAX_KEY_LENGTH + " characters");
        }
        Optional<ApiKeyEntry> match = find(ApiKeyFile.digestOf(key), keys.entries());
        if (match.isEmpty()) {
            return reject("unknown API key");
        }
        authenticated.increment();
        ApiKeyEntry entry = match.get();
        return AuthenticationResult.authenticated(new Identity(entry.principal(), METHOD,
                Map.of("api-key-id", List.of(entry.keyId())), entry.groups(), clock.instant()));
    }

    private List<String> presentedKeys(Credentials credentials, Message message) {
        if (credentials instanceof Credentials.Custom custom) {
            // "value" is the field a credential location that extracts one value fills (the element's
            // default for kind api-key); "key" names it explicitly when a location extracts several
            Optional<String> key = Optional.ofNullable(custom.fields().get("key"))
                    .or(() -> Optional.ofNullable(custom.fields().size() == 1 ? custom.fields().get("value") : null));
            if (key.isPresent()) {
                return List.of(key.get());
            }
        }
        List<String> fromHeader = message.headers().all(header);
        if (!fromHeader.isEmpty()) {
            return fromHeader;
        }
        if (acceptBearer && credentials instanceof Credentials.Bearer bearer) {
            return List.of(bearer.token());
        }
        return List.of();
    }

    /** The entry whose digest matches; every entry is compared, whatever the outcome. */
    static Optional<ApiKeyEntry> find(byte[] digest, List<ApiKeyEntry> entries) {
        ApiKeyEntry found = null;
        for (ApiKeyEntry entry : entries) {
            if (entry.matches(digest)) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    private AuthenticationResult reject(String reason) {
        rejected.increment();
        return new AuthenticationResult.Rejected(reason, challenges);
    }

    private static List<String> challenges(String realm, String header, boolean acceptBearer) {
        List<String> challenges = new ArrayList<>();
        // RFC 9110 11.6.1: a 401 names every scheme the client may use
        challenges.add("ApiKey realm=\"" + realm + "\", header=\"" + header + "\"");
        if (acceptBearer) {
            challenges.add("Bearer realm=\"" + realm + "\"");
        }
        return List.copyOf(challenges);
    }
}
