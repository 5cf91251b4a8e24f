package org.gatehouse.bench.sandbox;

import org.gatehouse.policy.engine.decision.Decision;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.sandbox.bridge.SandboxDecider;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;

/**
 * The decider the benchmark installs into the sandbox bridge: code of the extension's class
 * loader is decided by the real {@link PolicyEngine} (its cached decision per snapshot), anything
 * else is trusted. It attributes a class the way the engine's own OSGi decider does: by class
 * loader identity, cached per class in a {@link ClassValue}; there is no framework here to learn
 * loaders from bundle wirings.
 */
final class EngineDecider implements SandboxDecider {
    private final PolicyEngine engine;
    private final ClassValue<Codebase> codebases;

    EngineDecider(PolicyEngine engine, ClassLoader extensionLoader, Codebase extension) {
        this.engine = engine;
        this.codebases = new ClassValue<>() {
            @Override
            protected Codebase computeValue(Class<?> type) {
                return type.getClassLoader() == extensionLoader ? extension : null;
            }
        };
    }

    @Override
    public boolean isTrusted(Class<?> type) {
        return codebases.get(type) == null;
    }

    @Override
    public boolean allows(Class<?> caller, String type, String name, String actions) {
        Codebase codebase = codebases.get(caller);
        return codebase == null || engine.allows(codebase, type, name, actions);
    }

    @Override
    public void check(Class<?> caller, String type, String name, String actions) {
        Codebase codebase = codebases.get(caller);
        if (codebase == null) {
            return;
        }
        Decision decision = engine.check(codebase, caller.getName(), type, name, actions);
        if (!decision.allowed()) {
            throw new SandboxDeniedException(PolicyEngine.denialMessage(codebase.id(), caller.getName(), type, name, actions,
                    decision.rule()));
        }
    }
}
