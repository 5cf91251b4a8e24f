package org.gatehouse.auth.jwt;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.auth.bounded.BoundedCalls;
import org.gatehouse.flow.engine.spi.BoundedWait;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Checks a signed JWT (RFC 7519) given as a bearer token (bladelet {@code jwt}): the signature
 * with a key from {@code jwks-url} (fetched, cached for {@code jwks-refresh}, fetched again for an
 * unknown {@code kid}) or from the JWK set file {@code jwks-file}; one of {@code algorithms};
 * {@code iss} equal to {@code issuer}; {@code aud} holding {@code audience}; {@code exp} present
 * and not past, {@code nbf} not future, each with {@code clock-skew}. Unsecured tokens
 * ({@code alg: none}, RFC 7519 section 6) are refused. A key set that cannot be fetched completes
 * the stage exceptionally (503).
 */
public final class JwtAuthenticator implements Authenticator, BoundedWait {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String principalClaim;
    private final String groupsClaim;
    private final String realm;
    private final Clock clock;
    /** The key set endpoint's calls, bounded by {@code timeout}; none with a key set file. */
    private final Optional<BoundedCalls> fetches;

    public JwtAuthenticator(BladeletContext context) {
        Parameters p = context.parameters();
        this.fetches = p.has("jwks-url") ? Optional.of(new BoundedCalls("key set " + p.url("jwks-url").getHost(), p.duration("timeout"), 4))
                : Optional.empty();
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : p.string("algorithms").strip().split("\\s+")) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (Algorithm.NONE.equals(algorithm) || !JWSAlgorithm.Family.SIGNATURE.contains(algorithm)
                    && !JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                throw new IllegalArgumentException("parameter 'algorithms': '" + name + "' is not a JWS signature algorithm");
            }
            algorithms.add(algorithm);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keySource(p)));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(Set.of(p.string("audience")),
                new JWTClaimsSet.Builder().issuer(p.string("issuer")).build(), Set.of("exp", p.string("principal-claim")), Set.of());
        verifier.setMaxClockSkew((int) p.duration("clock-skew").toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
        this.principalClaim = p.string("principal-claim");
        this.groupsClaim = p.string("groups-claim");
        this.realm = p.string("realm");
        this.clock = context.clock();
    }

    private static JWKSource<SecurityContext> keySource(Parameters p) {
        if (p.has("jwks-url") == p.has("jwks-file")) {
            throw new IllegalArgumentException("set exactly one of 'jwks-url' and 'jwks-file'");
        }
        if (p.has("jwks-file")) {
            Path file = Path.of(p.string("jwks-file"));
            try {
                return new ImmutableJWKSet<>(JWKSet.load(file.toFile()));
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException("parameter 'jwks-file': cannot read a JWK set from " + file + ": " + e.getMessage(), e);
            }
        }
        int timeout = (int) p.duration("timeout").toMillis();
        long refresh = p.duration("jwks-refresh").toMillis();
        try {
            // cached for jwks-refresh; an unknown kid makes Nimbus fetch again (key rotation), rate limited
            return JWKSourceBuilder.<SecurityContext>create(p.url("jwks-url").toURL(), new DefaultResourceRetriever(timeout, timeout, 512 * 1024))
                    .cache(refresh, timeout).retrying(false).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("parameter 'jwks-url': " + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        if (fetches.isEmpty() || !(credentials instanceof Credentials.Bearer)) {
            return check(credentials);
        }
        // the check may fetch the key set: bounded as a whole, so a hung endpoint is a 503 in time
        return fetches.get().call(() -> check(credentials).toCompletableFuture().join());
    }

    @Override
    public Duration longestWait() {
        return fetches.map(BoundedCalls::bound).orElse(Duration.ZERO);
    }

    @Override
    public String waitParameter() {
        return "timeout";
    }

    @Override
    public void close() {
        fetches.ifPresent(BoundedCalls::close);
    }

    private CompletionStage<AuthenticationResult> check(Credentials credentials) {
        if (!(credentials instanceof Credentials.Bearer bearer)) {
            return done(reject("credentials of kind " + credentials.kind() + " are not a JWT", "invalid_request"));
        }
        try {
            JWT parsed = JWTParser.parse(bearer.token());
            if (Algorithm.NONE.equals(parsed.getHeader().getAlgorithm())) {
                return done(reject("unsecured JWT (alg none) refused", "invalid_token"));
            }
            ClaimValues claims = new ClaimValues(processor.process(parsed, null));
            Optional<String> principal = claims.principal(principalClaim);
            if (principal.isEmpty()) {
                return done(reject("claim '" + principalClaim + "' names no principal (blank, several values or an object)",
                        "invalid_token"));
            }
            return done(AuthenticationResult.authenticated(new Identity(principal.get(), "jwt", claims.all(),
                    claims.of(groupsClaim), clock.instant())));
        } catch (ParseException e) {
            return done(reject("not a JWT: " + e.getMessage(), "invalid_token"));
        } catch (BadJOSEException e) {
            return done(reject(e.getMessage(), "invalid_token"));
        } catch (KeySourceException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("JWK set unavailable: " + e.getMessage(), e));
        } catch (JOSEException e) {
            return done(reject("signature check failed: " + e.getMessage(), "invalid_token"));
        }
    }

    /** RFC 6750 section 3: the Bearer challenge names the error. */
    private AuthenticationResult reject(String reason, String error) {
        return AuthenticationResult.rejected(reason, "Bearer realm=\"" + realm + "\", error=\"" + error + "\"");
    }

    private static CompletionStage<AuthenticationResult> done(AuthenticationResult result) {
        return CompletableFuture.completedStage(result);
    }
}
