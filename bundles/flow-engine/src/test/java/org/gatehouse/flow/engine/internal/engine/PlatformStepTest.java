package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.descriptor.ParameterDefinition;
import org.gatehouse.sdk.descriptor.ParameterType;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.MessageChanges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A built-in step from a {@link PlatformStepFactory}: it sees the message type's credential
 * locations, calls the document's authenticator by name (an extension's, under its accounting),
 * and sets the message's identity for later steps.
 */
class PlatformStepTest extends StartedEngineFixture {
    /** Reads a bearer token from the first header location and asks the named method about it. */
    static final class AuthenticateFactory implements PlatformStepFactory {
        @Override
        public BladeletDescriptor descriptor() {
            return new BladeletDescriptor("authenticate", BladeletKind.STEP, AuthenticateStep.class.getName(), "test authentication",
                    BodyAccess.NONE, List.of(ParameterDefinition.of("method", ParameterType.STRING).asRequired()));
        }

        @Override
        public PlatformStep create(BladeletContext context, StepResources resources) {
            return new AuthenticateStep(context.parameters().string("method"), resources);
        }
    }

    record AuthenticateStep(String method, StepResources resources) implements PlatformStep {
        @Override
        public CompletionStage<PlatformOutcome> process(Message message, MessageContext context) {
            CredentialLocation where = context.credentialLocations().get(0);
            String token = message.headers().first(where.attribute("header")).orElse("");
            Authenticator authenticator = resources.authenticator(method).orElseThrow();
            return authenticator.authenticate(new Credentials.Bearer(token.isEmpty() ? "-" : token), message).thenApply(result -> {
                if (result instanceof AuthenticationResult.Authenticated a) {
                    return PlatformOutcome.authenticated(a.identity(), StepOutcome.proceed());
                }
                return PlatformOutcome.of(StepOutcome.respond(401));
            });
        }
    }

    /** Shows the identity the step before it established. */
    static final class WhoAmIFactory implements PlatformStepFactory {
        @Override
        public BladeletDescriptor descriptor() {
            return new BladeletDescriptor("whoami", BladeletKind.STEP, "test.WhoAmI", "", BodyAccess.NONE, List.of());
        }

        @Override
        public PlatformStep create(BladeletContext context, StepResources resources) {
            return (message, ctx) -> CompletableFuture.completedStage(PlatformOutcome.of(StepOutcome.proceed(MessageChanges.builder()
                    .setHeader("X-User", message.identity().map(i -> i.principal()).orElse("anonymous")).build())));
        }
    }

    @BeforeEach
    void start() throws Exception {
        fixture.engine.registry().addStep(new PlatformStepSource(new AuthenticateFactory(), folder.resolve("data"), Clock.systemUTC()));
        fixture.engine.registry().addStep(new PlatformStepSource(new WhoAmIFactory(), folder.resolve("data"), Clock.systemUTC()));
        fixture.replace("  <settings quarantine-failures=\"1\"/>\n"
                + "  <authenticator name=\"tokens\" bladelet=\"token\" extension=\"" + EngineFixture.EXTENSION + "\">"
                + "<param name=\"token\" value=\"s3cret\"/></authenticator>\n"
                + "  <authenticator name=\"down\" bladelet=\"broken-token\" extension=\"" + EngineFixture.EXTENSION + "\"/>\n"
                + "  <message-type name=\"other\" flow=\"down\"><match path-prefix=\"/down\"/>"
                + "<credentials><header header=\"X-Token\"/></credentials></message-type>\n"
                + "  <message-type name=\"api\" flow=\"login\"><match/>"
                + "<credentials><header header=\"X-Token\"/><basic/></credentials></message-type>\n"
                + "  <flow name=\"login\"><step bladelet=\"authenticate\" name=\"login\"><param name=\"method\" value=\"tokens\"/></step>"
                + "<step bladelet=\"whoami\"/></flow>\n"
                + "  <flow name=\"down\"><step bladelet=\"authenticate\" name=\"login-down\"><param name=\"method\" value=\"down\"/></step></flow>\n");
    }

    @Test
    void builtInStepAuthenticatesThroughTheDocumentsMethod() throws Exception {
        FlowResult.Forward forward = assertInstanceOf(FlowResult.Forward.class,
                fixture.send(TestRequestHead.get("/").header("X-Token", "s3cret")));
        assertEquals("alice", EngineFixture.header(forward, "X-User"));
        FlowResult.Respond refused = assertInstanceOf(FlowResult.Respond.class,
                fixture.send(TestRequestHead.get("/").header("X-Token", "wrong")));
        assertEquals(401, refused.status());
    }

    @Test
    void credentialLocationsKeepDocumentOrder() throws Exception {
        var match = fixture.engine.classify(TestRequestHead.get("/"));
        MessageContext context = assertInstanceOf(MessageContext.class, match);
        assertEquals(List.of(new CredentialLocation("header", Map.of("header", "X-Token")),
                new CredentialLocation("basic", Map.of())), context.credentialLocations());
    }

    @Test
    void extensionAuthenticatorIsAccountedLikeAStep() throws Exception {
        fixture.send(TestRequestHead.get("/").header("X-Token", "s3cret"));
        var health = fixture.engine.extensions().get(0);
        assertEquals(EngineFixture.EXTENSION, health.symbolicName());
        assertEquals(1, health.completed());
        assertTrue(fixture.engine.bladelets().stream().anyMatch(b -> b.name().equals("authenticate") && b.extension().isEmpty()));
    }

    @Test
    void failingExtensionAuthenticatorFailsTheStepThenIsQuarantined() throws Exception {
        TestRequestHead down = TestRequestHead.get("/down").header("X-Token", "s3cret");
        assertEquals(new FlowResult.Reject(500, "step_failed", "step 'login-down' of flow 'down' failed", List.of()), fixture.send(down));
        assertEquals(new FlowResult.Reject(503, "extension_quarantined",
                "step 'login-down' of flow 'down' belongs to a quarantined extension", List.of()), fixture.send(down));
        assertTrue(fixture.engine.extensions().get(0).quarantined());
    }
}
