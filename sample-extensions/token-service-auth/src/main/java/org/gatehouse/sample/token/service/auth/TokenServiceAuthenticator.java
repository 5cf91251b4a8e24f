package org.gatehouse.sample.token.service.auth;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.http.OutboundHttpException;
import org.gatehouse.sdk.http.OutboundRequest;
import org.gatehouse.sdk.http.OutboundResponse;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.json.Json;
import org.gatehouse.sdk.json.JsonException;
import org.gatehouse.sdk.message.Message;

/**
 * Validates bearer tokens by asking an external token service, the way a web access management
 * agent asks its policy server: an OAuth 2.0 token introspection request (RFC 7662 section 2.1,
 * {@code POST token=...} as a form) to {@code service-url}, whose JSON answer
 * ({@link IntrospectionResponse}) says whether the token is active and whom it stands for.
 *
 * <ul>
 *   <li>active: authenticated, and the identity cached (by the token's SHA-256) for
 *       {@code cache-ttl}, never past the token's {@code exp};</li>
 *   <li>not active, or no bearer token: rejected (the element answers 401 with a Bearer challenge,
 *       RFC 6750 section 3);</li>
 *   <li>service refused the connection, was slower than {@code timeout}, answered other than 200,
 *       or answered something that is not an introspection response: the stage completes
 *       exceptionally with {@link TokenServiceException}, a failure (5xx), never a rejection,
 *       so an outage does not tell clients their tokens are bad.</li>
 * </ul>
 *
 * <p>The request goes through the element's HTTP client ({@code context.http()}), which sends it
 * only because this extension's policy grants the service's {@code socket host:port connect}; the
 * call blocks the calling thread (the element runs authenticators off the event loop) and starts
 * no thread of the extension's. The answer is read with {@code context.json()}.
 */
public final class TokenServiceAuthenticator implements Authenticator {
    private final URI serviceUrl;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final PositiveAnswerCache cache;
    /** The answer's body is small JSON; anything longer is not an introspection response. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private final String serviceAuthorization;
    private final OutboundHttp http;
    private final Json json;
    private final String challenge;
    private final Clock clock;
    private final Logger logger;
    private final MetricCounter authenticated;
    private final MetricCounter rejected;
    private final MetricCounter failures;
    private final MetricCounter cacheHits;

    /** Reads the step's parameters; refuses a URL that is not http(s) and a client id without its secret. */
    public TokenServiceAuthenticator(BladeletContext context) {
        Parameters parameters = context.parameters();
        this.serviceUrl = parameters.url("service-url");
        if (!List.of("http", "https").contains(serviceUrl.getScheme().toLowerCase(java.util.Locale.ROOT)) || serviceUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("bladelet '" + context.bladeletName() + "' parameter 'service-url': " + serviceUrl
                    + " must be an http or https URL without user information");
        }
        this.timeout = parameters.duration("timeout");
        this.cacheTtl = parameters.duration("cache-ttl");
        this.cache = new PositiveAnswerCache(parameters.integer("cache-size"));
        this.serviceAuthorization = clientAuthentication(context.bladeletName(), parameters);
        this.http = context.http();
        this.json = context.json();
        this.challenge = "Bearer realm=\"" + parameters.string("realm") + "\"";
        this.clock = context.clock();
        this.logger = context.logger();
        this.authenticated = context.counter("authenticated_total");
        this.rejected = context.counter("rejected_total");
        this.failures = context.counter("service_failures_total");
        this.cacheHits = context.counter("cache_hits_total");
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        if (!(credentials instanceof Credentials.Bearer bearer)) {
            rejected.increment();
            return CompletableFuture.completedStage(AuthenticationResult.rejected("no bearer token (got " + credentials.kind() + ")", challenge));
        }
        String digest = sha256(bearer.token());
        Instant now = clock.instant();
        Optional<Identity> cached = cache.get(digest, now);
        if (cached.isPresent()) {
            cacheHits.increment();
            authenticated.increment();
            return CompletableFuture.completedStage(AuthenticationResult.authenticated(cached.get()));
        }
        try {
            return CompletableFuture.completedStage(decide(digest, introspect(bearer.token(), now), now));
        } catch (TokenServiceException e) {
            failures.increment();
            logger.log(Level.WARNING, "message {0}: {1}", message.id(), e.getMessage());
            return CompletableFuture.failedStage(e);
        }
    }

    private AuthenticationResult decide(String digest, IntrospectionResponse response, Instant now) {
        if (response instanceof IntrospectionResponse.Active active) {
            Instant until = now.plus(cacheTtl);
            if (active.expiresAt().isPresent() && active.expiresAt().get().isBefore(until)) {
                until = active.expiresAt().get();
            }
            if (!cacheTtl.isZero()) {
                cache.put(digest, active.identity(), until);
            }
            authenticated.increment();
            return AuthenticationResult.authenticated(active.identity());
        }
        rejected.increment();
        // RFC 6750 section 3.1: the token was presented and is not good
        return AuthenticationResult.rejected(((IntrospectionResponse.Inactive) response).reason(), challenge + ", error=\"invalid_token\"");
    }

    private IntrospectionResponse introspect(String token, Instant now) throws TokenServiceException {
        byte[] form = ("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token")
                .getBytes(StandardCharsets.US_ASCII);
        OutboundRequest request = OutboundRequest.post(serviceUrl, "application/x-www-form-urlencoded", form)
                .withHeader("Accept", "application/json").withTimeout(timeout).withMaxResponseBytes(MAX_ANSWER_BYTES);
        if (serviceAuthorization != null) {
            request = request.withHeader("Authorization", serviceAuthorization);
        }
        OutboundResponse answer;
        try {
            answer = http.send(request);
        } catch (OutboundHttpException e) {
            throw new TokenServiceException(failure(e), e);
        }
        if (answer.status() != 200) {
            throw new TokenServiceException("token service " + serviceUrl + " answered " + answer.status() + ", not 200");
        }
        try {
            return IntrospectionResponse.read(json.read(answer.body()), now);
        } catch (JsonException e) {
            throw new TokenServiceException("token service answer is not JSON: " + e.getMessage(), e);
        }
    }

    private String failure(OutboundHttpException e) {
        return switch (e.reason()) {
            case TIMEOUT -> "token service " + serviceUrl + " did not answer within " + timeout.toMillis() + " ms";
            case CONNECT_FAILED -> "token service " + serviceUrl + " refused the connection: " + e.getMessage();
            case UNKNOWN_HOST -> "token service host " + serviceUrl.getHost() + " is unknown";
            case TOO_LARGE -> "token service " + serviceUrl + " answered more than " + MAX_ANSWER_BYTES + " bytes";
            default -> "token service " + serviceUrl + " failed: " + e.getMessage();
        };
    }

    /** RFC 7662 section 2.1 and RFC 6749 section 2.3.1: the protected resource authenticates with HTTP Basic; null without a client id. */
    private static String clientAuthentication(String bladeletName, Parameters parameters) {
        if (parameters.has("client-id") != parameters.has("client-secret")) {
            throw new IllegalArgumentException("bladelet '" + bladeletName + "': client-id and client-secret go together; set both or neither");
        }
        if (!parameters.has("client-id")) {
            return null;
        }
        String pair = URLEncoder.encode(parameters.string("client-id"), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(parameters.string("client-secret"), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (Java SE MessageDigest requirements)", e);
        }
    }
}
