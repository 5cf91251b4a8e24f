package org.gatehouse.sample.rate.limiter;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.Headers;
import org.gatehouse.sdk.message.Message;

/**
 * A flow step that limits how fast each client may send: a token bucket per key (the client's
 * address, a header's value, or the authenticated principal) holding up to {@code burst} tokens
 * and gaining {@code rate} tokens per {@code period}. A message takes a token; with none left the
 * step answers 429 Too Many Requests with {@code Retry-After} in whole seconds (RFC 6585 section 4,
 * RFC 9110 section 10.2.3), and the message is not forwarded.
 *
 * <p>Memory is bounded: at most {@code max-keys} buckets, idle ones dropped after
 * {@code idle-timeout} (see {@link BucketTable}).
 *
 * <pre>{@code
 * <step bladelet="rate-limiter">
 *   <parameter name="key">principal</parameter>
 *   <parameter name="rate">100</parameter>
 *   <parameter name="period">1m</parameter>
 *   <parameter name="burst">20</parameter>
 * </step>
 * }</pre>
 */
public final class RateLimiterStep implements Bladelet {
    /** Keys longer than this (header values) are kept as their SHA-256, so a bucket's key costs little memory. */
    static final int MAX_KEY_CHARS = 128;
    private static final String SHARED_KEY = "";

    private final String keySource;
    private final String keyHeader;
    private final String withoutKey;
    private final long burst;
    private final long periodNanos;
    private final long rate;
    private final BucketTable buckets;
    private final Clock clock;
    private final MetricCounter allowed;
    private final MetricCounter limited;

    /** Reads the step's parameters. */
    public RateLimiterStep(BladeletContext context) {
        Parameters parameters = context.parameters();
        this.keySource = parameters.string("key");
        this.keyHeader = parameters.string("key-header");
        this.withoutKey = parameters.string("without-key");
        this.burst = parameters.integer("burst");
        this.periodNanos = parameters.duration("period").toNanos();
        this.rate = parameters.integer("rate");
        Duration idle = parameters.duration("idle-timeout");
        this.buckets = new BucketTable(parameters.integer("max-keys"), idle.toNanos(), context.counter("evicted_total"));
        this.clock = context.clock();
        this.allowed = context.counter("allowed_total");
        this.limited = context.counter("limited_total");
        Duration fill = Duration.ofNanos(burst * periodNanos / rate);
        if (idle.compareTo(fill) < 0) {
            context.logger().log(Level.WARNING, "step {0}: idle-timeout {1} is shorter than the {2} an empty bucket takes to fill: "
                    + "a client that pauses that long gets a full bucket early", context.stepName(), idle, fill);
        }
    }

    @Override
    public CompletionStage<StepOutcome> process(Message message) {
        Optional<String> key = keyOf(message);
        if (key.isEmpty() && !withoutKey.equals("shared-bucket")) {
            return CompletableFuture.completedStage(withoutKey.equals("allow") ? StepOutcome.proceed()
                    : StepOutcome.respond(Response.text(403, "no rate limit key in the request\n")));
        }
        long now = nanos(clock.instant());
        long wait = buckets.bucket(key.orElse(SHARED_KEY), now, at -> new TokenBucket(burst, periodNanos, rate, at)).take(now);
        if (wait == 0) {
            allowed.increment();
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
        limited.increment();
        return CompletableFuture.completedStage(StepOutcome.respond(tooManyRequests(wait)));
    }

    /** How many keys have a bucket now; for tests and diagnostics. */
    int trackedKeys() {
        return buckets.size();
    }

    private Optional<String> keyOf(Message message) {
        switch (keySource) {
            case "header":
                return message.headers().first(keyHeader).filter(v -> !v.isEmpty()).map(RateLimiterStep::compact);
            case "principal":
                return message.identity().map(identity -> compact(identity.principal()));
            default:
                // the address without the port: one client opens many connections
                InetSocketAddress remote = message.remoteAddress();
                return Optional.of(remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
        }
    }

    static Response tooManyRequests(long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new Response(429, Headers.of("Retry-After", Long.toString(seconds), "Content-Type", "text/plain; charset=utf-8"),
                Body.ofText("rate limit exceeded, retry in " + seconds + " s\n"));
    }

    private static String compact(String key) {
        if (key.length() <= MAX_KEY_CHARS) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (Java SE MessageDigest requirements)", e);
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
