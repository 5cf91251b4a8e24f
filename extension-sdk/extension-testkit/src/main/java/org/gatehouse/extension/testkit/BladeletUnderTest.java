package org.gatehouse.extension.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * A started bladelet. Each call runs on a thread of its own (never the test thread, as the
 * element never runs extension code on a network thread) and must complete, stage included,
 * within the deadline; a throw, an exceptional completion or an overrun is a
 * {@link BladeletFailedException}, as it fails the message in the element.
 * {@link #close()} calls the bladelet's {@code close()} and removes a data folder the harness made.
 */
public final class BladeletUnderTest implements AutoCloseable {
    private final BladeletDescriptor descriptor;
    private final Object instance;
    private final TestContext context;
    private final Duration deadline;
    private final boolean ownFolder;
    private final ExecutorService executor;

    BladeletUnderTest(BladeletDescriptor descriptor, Object instance, TestContext context, Duration deadline, boolean ownFolder) {
        this.descriptor = descriptor;
        this.instance = instance;
        this.context = context;
        this.deadline = deadline;
        this.ownFolder = ownFolder;
        this.executor = Executors.newSingleThreadExecutor(run -> {
            Thread t = new Thread(run, "bladelet-" + descriptor.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs a step on the message. */
    public StepResult process(TestMessage message) {
        Bladelet step = as(BladeletKind.STEP, Bladelet.class);
        StepView view = new StepView(message, descriptor.name(), descriptor.body());
        StepOutcome outcome = call("process", () -> step.process(view));
        return new StepResult(outcome, message);
    }

    /** Runs an authenticator on credentials found in the message. */
    public AuthenticationResult authenticate(Credentials credentials, Message message) {
        Authenticator authenticator = as(BladeletKind.AUTHENTICATOR, Authenticator.class);
        StepView view = new StepView(message, descriptor.name(), descriptor.body());
        return call("authenticate", () -> authenticator.authenticate(credentials, view));
    }

    /** Runs an authorizer for the identity and the message. */
    public AuthorizationDecision authorize(Identity identity, Message message) {
        Authorizer authorizer = as(BladeletKind.AUTHORIZER, Authorizer.class);
        StepView view = new StepView(message, descriptor.name(), descriptor.body());
        return call("authorize", () -> authorizer.authorize(identity, view));
    }

    /** What the bladelet logged, oldest first. */
    public List<RecordingLogger.Entry> logs() {
        return context.logger().entries();
    }

    /** The value of one of its counters; 0 when never used. */
    public long counter(String name) {
        return context.counterValue(name);
    }

    /** The parameters it was given, checked and with defaults. */
    public Parameters parameters() {
        return context.parameters();
    }

    /** Its data folder. */
    public Path dataFolder() {
        return context.dataFolder();
    }

    /** The instance, for assertions on its own state. */
    public Object instance() {
        return instance;
    }

    @Override
    public void close() {
        try {
            if (instance instanceof Bladelet b) {
                b.close();
            } else if (instance instanceof Authenticator a) {
                a.close();
            } else if (instance instanceof Authorizer a) {
                a.close();
            }
        } finally {
            executor.shutdownNow();
            if (ownFolder) {
                deleteTree(context.dataFolder());
            }
        }
    }

    private <T> T as(BladeletKind kind, Class<T> type) {
        if (descriptor.kind() != kind) {
            throw new IllegalStateException("bladelet '" + descriptor.name() + "' is of kind " + descriptor.kind().xmlName()
                    + ", not " + kind.xmlName());
        }
        return type.cast(instance);
    }

    private <T> T call(String method, Supplier<CompletionStage<T>> invocation) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(invocation, executor)
                .thenCompose(stage -> {
                    if (stage == null) {
                        throw new IllegalStateException(method + " returned null instead of a CompletionStage");
                    }
                    return stage;
                });
        String who = "bladelet '" + descriptor.name() + "' (" + descriptor.className() + ")." + method;
        try {
            T value = result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (value == null) {
                throw new BladeletFailedException(who + " completed with null", null);
            }
            return value;
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new BladeletFailedException(who + " did not complete within " + deadline.toMillis()
                    + " ms; the element fails such a message and counts it against the extension", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            throw new BladeletFailedException(who + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BladeletFailedException(who + " was interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary data folder " + root, e);
        }
    }
}
