package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.internal.run.DecisionAudit;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.flow.engine.spi.MessageContext;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.descriptor.ParameterDefinition;
import org.gatehouse.sdk.descriptor.ParameterType;
import org.gatehouse.sdk.message.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An extension authorizer called by a built-in step through {@link StepResources}: its denial is
 * audited once with its reason (control characters escaped) and the deciding extension, whether it
 * answers at once or later on a thread of its own; a permit is not audited.
 */
class AuthorizerAuditTest extends StartedEngineFixture {
    /** Asks the named authorizer about the identity the step before established: 403 on a denial. */
    static final class AuthorizeFactory implements PlatformStepFactory {
        @Override
        public BladeletDescriptor descriptor() {
            return new BladeletDescriptor("authorize", BladeletKind.STEP, AuthorizeStep.class.getName(), "test authorization",
                    BodyAccess.NONE, List.of(ParameterDefinition.of("method", ParameterType.STRING).asRequired()));
        }

        @Override
        public PlatformStep create(BladeletContext context, StepResources resources) {
            return new AuthorizeStep(context.parameters().string("method"), resources);
        }
    }

    record AuthorizeStep(String method, StepResources resources) implements PlatformStep {
        @Override
        public CompletionStage<PlatformOutcome> process(Message message, MessageContext context) {
            return resources.authorizer(method).orElseThrow().authorize(message.identity().orElseThrow(), message)
                    .thenApply(decision -> PlatformOutcome.of(decision instanceof AuthorizationDecision.Permit
                            ? StepOutcome.proceed() : StepOutcome.respond(403)));
        }
    }

    @BeforeEach
    void start() throws Exception {
        fixture.engine.registry().addStep(new PlatformStepSource(new PlatformStepTest.AuthenticateFactory(), folder.resolve("data"),
                Clock.systemUTC()));
        fixture.engine.registry().addStep(new PlatformStepSource(new AuthorizeFactory(), folder.resolve("data"), Clock.systemUTC()));
        String ext = EngineFixture.EXTENSION;
        fixture.replace("  <authenticator name=\"tokens\" bladelet=\"token\" extension=\"" + ext + "\">"
                + "<param name=\"token\" value=\"s3cret\"/></authenticator>\n"
                + "  <authorizer name=\"paths\" bladelet=\"path-prefix\" extension=\"" + ext + "\"><param name=\"prefix\" value=\"/open\"/></authorizer>\n"
                + "  <authorizer name=\"later\" bladelet=\"late-deny\" extension=\"" + ext + "\"/>\n"
                + "  <message-type name=\"late\" flow=\"late\"><match path-prefix=\"/late\"/>"
                + "<credentials><header header=\"X-Token\"/></credentials></message-type>\n"
                + "  <message-type name=\"api\" flow=\"api\"><match/><credentials><header header=\"X-Token\"/></credentials></message-type>\n"
                + "  <flow name=\"api\"><step bladelet=\"authenticate\"><param name=\"method\" value=\"tokens\"/></step>"
                + "<step bladelet=\"authorize\" name=\"check\"><param name=\"method\" value=\"paths\"/></step></flow>\n"
                + "  <flow name=\"late\"><step bladelet=\"authenticate\"><param name=\"method\" value=\"tokens\"/></step>"
                + "<step bladelet=\"authorize\" name=\"check-late\"><param name=\"method\" value=\"later\"/></step></flow>\n");
    }

    @Test
    void aDenialIsAuditedWithItsReasonAndAPermitIsNot() throws Exception {
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/open/doc").header("X-Token", "s3cret")));
        assertEquals(List.of(), fixture.audited, "a permit is not audited");

        FlowResult.Respond denied = assertInstanceOf(FlowResult.Respond.class,
                fixture.send(TestRequestHead.get("/closed/doc").header("X-Token", "s3cret")));
        assertEquals(403, denied.status());
        assertEquals(1, fixture.audited.size());
        AuditEvent event = fixture.audited.get(0);
        assertEquals(DecisionAudit.DENIED, event.action());
        assertEquals("ext:" + EngineFixture.EXTENSION + "/1.0.0", event.subject());
        assertEquals("authorizer 'paths' denied alice GET /closed/doc", event.summary());
        assertEquals("reason: /closed/doc is outside /open\\u000aauthorization.permitted forged", event.details().get(0),
                "the method's reason, its line break escaped");
        assertEquals("principal: alice (token)", event.details().get(1));
        assertEquals("request: GET /closed/doc", event.details().get(2));
        assertTrue(event.details().get(3).endsWith(", message type api, listener public"), event.details().get(3));
        assertEquals("step: check", event.details().get(4));
        assertEquals("method: paths (" + EngineFixture.EXTENSION + " 1.0.0)", event.details().get(5));
    }

    @Test
    void aDenialOnTheAuthorizersOwnThreadIsAuditedToo() throws Exception {
        FlowResult.Respond denied = assertInstanceOf(FlowResult.Respond.class,
                fixture.send(TestRequestHead.get("/late/doc").header("X-Token", "s3cret")));
        assertEquals(403, denied.status());
        assertEquals(1, fixture.audited.size());
        assertEquals("reason: nobody may, said a thread of its own", fixture.audited.get(0).details().get(0));
        assertEquals("step: check-late", fixture.audited.get(0).details().get(4));
    }
}
