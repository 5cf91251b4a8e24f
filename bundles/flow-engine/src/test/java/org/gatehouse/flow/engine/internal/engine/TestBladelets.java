package org.gatehouse.flow.engine.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;

/** Real bladelets for the engine's tests, built by the engine from {@code test-bladelets.xml}. */
public final class TestBladelets {
    /** Steps of {@link Sleep} that saw their thread interrupted. */
    static final AtomicInteger INTERRUPTED = new AtomicInteger();
    /** {@link Gate} steps wait here until the test lets them go. */
    static volatile Semaphore gate = new Semaphore(0);
    /** Counts {@link Gate} steps that are inside the bladelet. */
    static volatile CountDownLatch entered = new CountDownLatch(0);
    static final AtomicInteger CLOSED = new AtomicInteger();
    /** {@link Spin} and {@link Stubborn} run until a test sets this, so no test leaves a thread burning CPU. */
    static volatile boolean stopRunaways;
    /** Interrupts {@link Stubborn} steps caught and ignored. */
    static final AtomicInteger SWALLOWED = new AtomicInteger();

    /** The X-Seq header of each {@link InOrder} step, in the order they came into the bladelet. */
    static final List<String> ORDER = new CopyOnWriteArrayList<>();
    /** {@link InOrder} steps inside the bladelet now, and the most there were at once. */
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger MOST_INSIDE = new AtomicInteger();

    private TestBladelets() {
    }

    /** Appends its mark to the X-Trail header and the attribute "trail", so the next step shows what it saw. */
    public static final class Trail implements Bladelet {
        private final String mark;

        public Trail(BladeletContext context) {
            mark = context.parameters().string("mark");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            String before = message.attributes().getOrDefault("trail", "");
            String trail = before.isEmpty() ? mark : before + "," + mark;
            return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder()
                    .setHeader("X-Trail", trail + " (saw header " + message.headers().first("X-Trail").orElse("none") + ")")
                    .setHeader("X-Step-Thread", Thread.currentThread().getName())
                    .attribute("trail", trail).build()));
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    public static final class Respond implements Bladelet {
        private final int status;

        public Respond(BladeletContext context) {
            status = context.parameters().integer("status");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.respond(org.gatehouse.sdk.bladelet.Response.text(status,
                    "no entry for " + message.attributes().getOrDefault("trail", "nobody"))));
        }
    }

    public static final class Route implements Bladelet {
        private final String route;

        public Route(BladeletContext context) {
            route = context.parameters().string("route");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.route(route, MessageChanges.builder().setHeader("X-Routed", route).build()));
        }
    }

    public static final class Fail implements Bladelet {
        public Fail(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.fail("token service password is hunter2"));
        }
    }

    public static final class Throw implements Bladelet {
        public Throw(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            throw new IllegalStateException("internal detail: db at 10.1.2.3");
        }
    }

    /** Blocks its thread, as a careless extension would. */
    public static final class Sleep implements Bladelet {
        private final Duration time;

        public Sleep(BladeletContext context) {
            time = context.parameters().duration("time");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            try {
                Thread.sleep(time.toMillis());
            } catch (InterruptedException e) {
                INTERRUPTED.incrementAndGet();
                return CompletableFuture.failedStage(e);
            }
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** A busy loop that never looks at its interrupt, as a careless extension's parser might. */
    public static final class Spin implements Bladelet {
        public Spin(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            spinUntilStopped();
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** Catches the interrupt and sleeps again, as a careless retry loop would. */
    public static final class Stubborn implements Bladelet {
        public Stubborn(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            while (!stopRunaways) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    SWALLOWED.incrementAndGet();
                }
            }
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** An authentication method that spins, called by a built-in step on the built-in step's thread. */
    public static final class SpinToken implements Authenticator {
        public SpinToken(BladeletContext context) {
        }

        @Override
        public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
            spinUntilStopped();
            return CompletableFuture.completedStage(AuthenticationResult.rejected("stopped", "Bearer realm=\"test\""));
        }
    }

    private static void spinUntilStopped() {
        while (!stopRunaways) {
            Thread.onSpinWait(); // still a busy loop: a hint to the processor, not a wait the interrupt ends
        }
    }

    /** Waits for a permit of {@link #gate}, so a test controls how many are inside at once. */
    public static final class Gate implements Bladelet {
        public Gate(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            entered.countDown();
            try {
                if (!gate.tryAcquire(10, TimeUnit.SECONDS)) {
                    return CompletableFuture.completedStage(StepOutcome.fail("gate never opened"));
                }
            } catch (InterruptedException e) {
                return CompletableFuture.failedStage(e);
            }
            return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder().setHeader("X-Gate", "passed").build()));
        }
    }

    /** Notes its message's X-Seq in {@link #ORDER}, then waits like {@link Gate}: a slow step whose order shows. */
    public static final class InOrder implements Bladelet {
        public InOrder(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            MOST_INSIDE.accumulateAndGet(INSIDE.incrementAndGet(), Math::max);
            try {
                ORDER.add(message.headers().first("X-Seq").orElse("none"));
                entered.countDown();
                if (!gate.tryAcquire(10, TimeUnit.SECONDS)) {
                    return CompletableFuture.completedStage(StepOutcome.fail("gate never opened"));
                }
                return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder().build()));
            } catch (InterruptedException e) {
                return CompletableFuture.failedStage(e);
            } finally {
                INSIDE.decrementAndGet();
            }
        }
    }

    public static final class UpperBody implements Bladelet {
        public UpperBody(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder()
                    .body(Body.ofText(message.body().text().toUpperCase(java.util.Locale.ROOT))).build()));
        }
    }

    public static final class RewritePath implements Bladelet {
        private final String to;

        public RewritePath(BladeletContext context) {
            to = context.parameters().string("to");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.proceed(MessageChanges.builder().path(to).build()));
        }
    }

    public static final class Token implements Authenticator {
        private final String token;
        private final java.time.Clock clock;

        public Token(BladeletContext context) {
            token = context.parameters().string("token");
            clock = context.clock();
        }

        @Override
        public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
            if (credentials instanceof Credentials.Bearer b && b.token().equals(token)) {
                return CompletableFuture.completedStage(AuthenticationResult.authenticated(Identity.of("alice", "token", clock.instant())));
            }
            return CompletableFuture.completedStage(AuthenticationResult.rejected("unknown token", "Bearer realm=\"test\""));
        }
    }

    /** Its constructor fails, as one reading a missing file would. */
    public static final class Broken implements Bladelet {
        public Broken(BladeletContext context) {
            throw new IllegalStateException("cannot read /etc/secret-config");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** Returns at once and fails later, on a thread of its own. */
    public static final class LateFailure implements Bladelet {
        public LateFailure(BladeletContext context) {
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("upstream token service said: password hunter2 expired");
            });
        }
    }

    /** An authentication method whose server is down. */
    public static final class BrokenToken implements Authenticator {
        public BrokenToken(BladeletContext context) {
        }

        @Override
        public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
            throw new IllegalStateException("token service at 10.9.9.9 refused the connection");
        }
    }

    /** Permits paths under its prefix; denies the others with a reason that tries to start a line of its own. */
    public static final class PathPrefix implements Authorizer {
        private final String prefix;

        public PathPrefix(BladeletContext context) {
            prefix = context.parameters().string("prefix");
        }

        @Override
        public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
            return CompletableFuture.completedStage(message.path().startsWith(prefix) ? AuthorizationDecision.permit()
                    : AuthorizationDecision.deny(message.path() + " is outside " + prefix + "\nauthorization.permitted forged"));
        }
    }

    /** Denies every message, answering later on a thread of its own. */
    public static final class LateDeny implements Authorizer {
        public LateDeny(BladeletContext context) {
        }

        @Override
        public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
            return CompletableFuture.supplyAsync(() -> AuthorizationDecision.deny("nobody may, said a thread of its own"));
        }
    }
}
