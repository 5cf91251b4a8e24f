package org.gatehouse.extension.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.junit.jupiter.api.Test;

class BladeletFactoryTest {
    /** A well-formed step. */
    public static final class GoodStep implements Bladelet {
        final BladeletContext context;

        public GoodStep(BladeletContext context) {
            this.context = context;
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** Only a no-argument constructor. */
    public static final class NoContextStep implements Bladelet {
        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** A constructor that refuses its parameters. */
    public static final class ThrowingStep implements Bladelet {
        public ThrowingStep(BladeletContext context) {
            throw new IllegalStateException("no directory configured");
        }

        @Override
        public CompletionStage<StepOutcome> process(Message message) {
            return CompletableFuture.completedStage(StepOutcome.proceed());
        }
    }

    /** An authorizer, so not a step. */
    public static final class AnAuthorizer implements Authorizer {
        public AnAuthorizer(BladeletContext context) {
        }

        @Override
        public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
            return CompletableFuture.completedStage(AuthorizationDecision.permit());
        }
    }

    /** The smallest context that builds an instance. */
    private static final BladeletContext CONTEXT = new BladeletContext() {
        @Override public String bladeletName() { return "b"; }
        @Override public String stepName() { return "flow/1"; }
        @Override public Parameters parameters() { return Parameters.none("b"); }
        @Override public Path dataFolder() { return Path.of("."); }
        @Override public Logger logger() { return System.getLogger("test"); }
        @Override public Clock clock() { return Clock.systemUTC(); }
        @Override public MetricCounter counter(String name) { return amount -> { }; }
        @Override public org.gatehouse.sdk.http.OutboundHttp http() { throw new UnsupportedOperationException("not needed to build"); }
        @Override public org.gatehouse.sdk.json.Json json() { throw new UnsupportedOperationException("not needed to build"); }
    };

    private static BladeletDescriptor step(Class<?> type) {
        return step(type.getName());
    }

    private static BladeletDescriptor step(String className) {
        return new BladeletDescriptor("b", BladeletKind.STEP, className, "", BodyAccess.NONE, List.of());
    }

    private static String failure(BladeletDescriptor descriptor) {
        return assertThrows(BladeletCreationException.class,
                () -> BladeletFactory.create(BladeletFactoryTest.class.getClassLoader(), descriptor, CONTEXT)).getMessage();
    }

    @Test
    void buildsThroughTheContextConstructor() throws Exception {
        Object built = BladeletFactory.create(getClass().getClassLoader(), step(GoodStep.class), CONTEXT);
        assertSame(CONTEXT, assertInstanceOf(GoodStep.class, built).context);
        Object authorizer = BladeletFactory.create(getClass().getClassLoader(),
                new BladeletDescriptor("a", BladeletKind.AUTHORIZER, AnAuthorizer.class.getName(), "", BodyAccess.NONE, List.of()), CONTEXT);
        assertInstanceOf(Authorizer.class, authorizer);
    }

    @Test
    void eachMistakeIsNamed() {
        String prefix = "bladelet 'b': class " + BladeletFactoryTest.class.getName();
        assertEquals(prefix + "$NoContextStep has no public constructor taking one org.gatehouse.sdk.bladelet.BladeletContext",
                failure(step(NoContextStep.class)));
        assertEquals(prefix + "$AnAuthorizer does not implement org.gatehouse.sdk.bladelet.Bladelet, which kind step needs",
                failure(step(AnAuthorizer.class)));
        assertEquals("bladelet 'b': constructor of " + BladeletFactoryTest.class.getName()
                        + "$ThrowingStep threw java.lang.IllegalStateException: no directory configured",
                failure(step(ThrowingStep.class)));
        assertTrue(failure(step("com.acme.Missing")).startsWith(
                "bladelet 'b': class com.acme.Missing cannot be loaded from the extension: java.lang.ClassNotFoundException"));
    }
}
