package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.message.Message;

/**
 * The document's authentication and authorization methods for one built-in step. Each call
 * resolves the method's bladelet anew (an upgrade or a quarantine is seen at once) and runs on
 * the calling step's thread, under the step's deadline, counted against the method's extension.
 * An authorizer's denial is audited with its reason ({@link DecisionAudit}).
 */
final class EngineStepResources implements StepResources {
    private final FlowServices services;
    private final Duration timeout;
    private final String stepName;

    EngineStepResources(FlowServices services, Duration timeout, String stepName) {
        this.services = services;
        this.timeout = timeout;
        this.stepName = stepName;
    }

    @Override
    public Optional<Authenticator> authenticator(String methodName) {
        return method(methodName, BladeletKind.AUTHENTICATOR).map(m -> (Authenticator) (credentials, message) ->
                this.<AuthenticationResult>call(m, message, (instance, view) -> ((Authenticator) instance).authenticate(credentials, view),
                        (provider, outcome) -> outcome));
    }

    /** An authorizer whose denials are also audited, once the call's outcome is counted (on the platform's side of the boundary). */
    @Override
    public Optional<Authorizer> authorizer(String methodName) {
        return method(methodName, BladeletKind.AUTHORIZER).map(m -> (Authorizer) (identity, message) ->
                this.<AuthorizationDecision>call(m, message, (instance, view) -> ((Authorizer) instance).authorize(identity, view),
                        (provider, outcome) -> outcome.thenApply(decision -> {
                            if (decision instanceof AuthorizationDecision.Deny deny) {
                                services.decisions().denied(m.name(), stepName, provider, identity, message, deny.reason());
                            }
                            return decision;
                        })));
    }

    private Optional<MethodDefinition> method(String name, BladeletKind kind) {
        return Optional.ofNullable(services.methods().get(name)).filter(m -> m.kind() == kind);
    }

    private interface MethodCall<T> {
        CompletionStage<T> call(Object instance, Message view);
    }

    /** What the caller adds to the call's counted outcome, knowing which provider answered. */
    private interface Outcome<T> {
        CompletionStage<T> then(BladeletProvider provider, CompletableFuture<T> outcome);
    }

    private <T> CompletionStage<T> call(MethodDefinition method, Message message, MethodCall<T> work, Outcome<T> then) {
        String what = method.kind().xmlName() + " '" + method.name() + "' called by step '" + stepName + "'";
        try {
            BladeletProvider provider = method.extension().isPresent()
                    ? services.registry().extension(method.extension().get()).orElseThrow(() ->
                            new StepFailure(StepFailure.Kind.UNAVAILABLE, what + ": extension " + method.extension().get() + " is not started"))
                    : services.registry().builtin(method.bladelet()).orElseThrow(() ->
                            new StepFailure(StepFailure.Kind.UNAVAILABLE, what + ": no built-in " + method.bladelet() + " is available"));
            BladeletDescriptor bladelet = provider.descriptor().bladelet(method.bladelet()).filter(b -> b.kind() == method.kind())
                    .orElseThrow(() -> new StepFailure(StepFailure.Kind.UNAVAILABLE, what + ": " + provider + " has no "
                            + method.kind().xmlName() + " '" + method.bladelet() + "'"));
            Message view = message instanceof EngineMessage m ? m.withBodyAccess(bladelet.name(), bladelet.body().readable()) : message;
            Admission<T> admission = Admission.enter(what, provider, services.health(), v -> false);
            PlaceKey key = new PlaceKey(services.generation(), "method:" + method.name());
            return then.then(provider, services.executor().run(timeout, true, admission, () ->
                    work.call(provider.instance(key, bladelet, method.parameters(), method.name()), view)));
        } catch (StepFailure e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
