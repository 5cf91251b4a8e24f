package org.gatehouse.auth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gatehouse.extension.testkit.RecordingLogger;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.ParameterValidator;
import org.gatehouse.sdk.message.Message;

/**
 * Runs a built-in step as the flow engine would: parameters checked against the factory's
 * descriptor, the declared methods looked up by name, the message type's credential locations
 * given, and the outcome awaited with a deadline.
 */
public final class StepRunner {
    private final Map<String, Authenticator> authenticators = new HashMap<>();
    private final Map<String, Authorizer> authorizers = new HashMap<>();
    private final RecordingLogger logger = new RecordingLogger("gatehouse.auth.test");
    private Clock clock = Clock.systemUTC();

    public StepRunner authenticator(String name, Authenticator authenticator) {
        authenticators.put(name, authenticator);
        return this;
    }

    public StepRunner authorizer(String name, Authorizer authorizer) {
        authorizers.put(name, authorizer);
        return this;
    }

    public StepRunner clock(Clock value) {
        clock = value;
        return this;
    }

    public RecordingLogger logger() {
        return logger;
    }

    /** The step built by the factory with these parameters. */
    public PlatformStep step(PlatformStepFactory factory, Map<String, String> parameters) throws Exception {
        Parameters checked = ParameterValidator.validate(factory.descriptor(), parameters);
        return factory.create(new Context(factory.descriptor().name(), checked), new Resources());
    }

    /** Runs the step on the message with these credential locations (none: the standard ones). */
    public PlatformOutcome run(PlatformStep step, Message message, CredentialLocation... locations) throws Exception {
        MessageContext context = () -> List.of(locations);
        return step.process(message, context).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Asserts the step answered with the status instead of letting the message go on, and returns the response. */
    public static Response assertResponded(PlatformOutcome outcome, int status) {
        assertFalse(outcome.outcome() instanceof StepOutcome.Proceed, "the message must not go on: " + outcome);
        StepOutcome.Respond respond = assertInstanceOf(StepOutcome.Respond.class, outcome.outcome(), outcome.toString());
        assertEquals(status, respond.response().status(), outcome.toString());
        assertEquals(Optional.empty(), outcome.identity(), "a refused message carries no identity");
        return respond.response();
    }

    /** Asserts the message goes on, and returns the changes asked for. */
    public static StepOutcome.Proceed assertProceeded(PlatformOutcome outcome) {
        return assertInstanceOf(StepOutcome.Proceed.class, outcome.outcome(), outcome.toString());
    }

    private final class Resources implements StepResources {
        @Override
        public Optional<Authenticator> authenticator(String methodName) {
            return Optional.ofNullable(authenticators.get(methodName));
        }

        @Override
        public Optional<Authorizer> authorizer(String methodName) {
            return Optional.ofNullable(authorizers.get(methodName));
        }
    }

    private final class Context implements BladeletContext {
        private final String name;
        private final Parameters parameters;

        Context(String name, Parameters parameters) {
            this.name = name;
            this.parameters = parameters;
        }

        @Override public String bladeletName() { return name; }
        @Override public String stepName() { return "test-flow/1"; }
        @Override public Parameters parameters() { return parameters; }
        @Override public Path dataFolder() { return Path.of(System.getProperty("java.io.tmpdir")); }
        @Override public System.Logger logger() { return logger; }
        @Override public Clock clock() { return clock; }
        @Override public MetricCounter counter(String counterName) { return amount -> { }; }
        @Override public org.gatehouse.sdk.http.OutboundHttp http() { throw new UnsupportedOperationException("no outbound HTTP in these tests"); }
        @Override public org.gatehouse.sdk.json.Json json() { return new org.gatehouse.extension.services.StrictJson(); }
    }
}
