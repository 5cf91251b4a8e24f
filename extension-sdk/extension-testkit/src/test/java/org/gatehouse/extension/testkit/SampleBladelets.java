package org.gatehouse.extension.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;

/** The bladelets that {@code src/test/resources/OSGI-INF/gatehouse/bladelets.xml} declares. */
final class SampleBladelets {
    private SampleBladelets() {
    }

    /** Reads the body and records its length as an attribute. */
    public static final class BodySize implements Bladelet {
        public BodySize(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            String length = String.valueOf(message.body().length());
            return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder().attribute("body.length", length).build()));
        }
    }

    /** Appends each path to a file in its data folder, logs, counts, and answers after the configured delay. */
    public static final class VisitLog implements Bladelet {
        private final BladeletContext context;
        private final MetricCounter visits;
        private final Duration delay;

        public VisitLog(BladeletContext context) {
            this.context = context;
            this.visits = context.counter("visits_total");
            this.delay = context.parameters().duration("delay");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            try {
                Files.writeString(context.dataFolder().resolve(context.parameters().string("file")), message.path() + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            visits.increment();
            context.logger().log(System.Logger.Level.INFO, "visit {0} on {1}", message.path(), Thread.currentThread().getName());
            // completes later, on another thread, as an asynchronous step would
            return CompletableFuture.supplyAsync(StepOutcome::proceed,
                    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Throws on every message. */
    public static final class Broken implements Bladelet {
        public Broken(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            throw new IllegalStateException("broken on purpose");
        }
    }

    /** Accepts one bearer token. */
    public static final class TokenCheck implements Authenticator {
        private final String token;
        private final BladeletContext context;

        public TokenCheck(BladeletContext context) {
            this.context = context;
            this.token = context.parameters().string("token");
        }

        @Override
        public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
            if (credentials instanceof Credentials.Bearer bearer && bearer.token().equals(token)) {
                return CompletableFuture.completedStage(AuthenticationResult.authenticated(
                        Identity.of("token-user", "token-check", context.clock().instant())));
            }
            return CompletableFuture.completedStage(AuthenticationResult.rejected("unknown token", "Bearer realm=\"test\""));
        }
    }

    /** Permits members of one group. */
    public static final class GroupCheck implements Authorizer {
        private final String group;

        public GroupCheck(BladeletContext context) {
            this.group = context.parameters().string("group");
        }

        @Override
        public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
            return CompletableFuture.completedStage(identity.memberOf(group) ? AuthorizationDecision.permit()
                    : AuthorizationDecision.deny(identity.principal() + " is not in " + group));
        }
    }
}
