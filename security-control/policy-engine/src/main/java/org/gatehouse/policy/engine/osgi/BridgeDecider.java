package org.gatehouse.policy.engine.osgi;

import org.gatehouse.policy.engine.decision.Decision;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.gatehouse.sandbox.bridge.SandboxDecider;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;

/**
 * The decider the sandbox bridge asks: platform code is trusted (the bridge does not ask about
 * it); each extension on the stack is decided by the policy engine, and a thread start it is
 * granted is then held to the thread budget (docs/policy-language.md "The thread budget"); code of a class loader nobody knows is
 * denied (docs/threat-model.md "Trust boundaries"). Denials the bridge makes by itself (the sealed sandbox state, arguments of
 * classes outside the JDK) are counted and audited here too.
 */
final class BridgeDecider implements SandboxDecider {
    static final String UNKNOWN_LOADER_RULE = "unknown class loader";

    private final LoaderCodebases loaders;
    private final PolicyEngine engine;

    BridgeDecider(LoaderCodebases loaders, PolicyEngine engine) {
        this.loaders = loaders;
        this.engine = engine;
    }

    /**
     * The bridge asks {@code runtime createThread} only from {@code Thread.start}: the thread is
     * not alive yet, so the count is of the others. Per class loader, i.e. per bundle revision.
     */
    private static boolean isThreadStart(String type, String name) {
        return "runtime".equals(type) && "createThread".equals(name);
    }

    @Override
    public boolean isTrusted(Class<?> type) {
        return loaders.attribute(type).kind() == Attribution.Kind.PLATFORM;
    }

    /** Side-effect free; a thread start is held to the budget, so it always goes on to {@link #check}. */
    @Override
    public boolean allows(Class<?> caller, String type, String name, String actions) {
        if (caller == Object.class) {
            return true;
        }
        Attribution who = loaders.attribute(caller);
        switch (who.kind()) {
            case PLATFORM:
                return true;
            case EXTENSION:
                // an extension at the higher audit level goes on to check(), which audits allowed uses too
                return !isThreadStart(type, name) && !engine.uses().covers(who.codebase().symbolicName())
                        && engine.allows(who.codebase(), type, name, actions);
            default:
                return false;
        }
    }

    @Override
    public void denied(Class<?> caller, String type, String name, String actions, String rule) {
        engine.denied(loaders.attribute(caller).description(), caller.getName(), type, name, actions, rule);
    }

    @Override
    public void check(Class<?> caller, String type, String name, String actions) {
        if (caller == Object.class) {
            return;
        }
        Attribution who = loaders.attribute(caller);
        switch (who.kind()) {
            case PLATFORM:
                return;
            case EXTENSION:
                Decision d = engine.check(who.codebase(), caller.getName(), type, name, actions);
                if (d.allowed() && isThreadStart(type, name)) {
                    d = engine.checkThreadBudget(who.codebase(), caller.getName(),
                            SandboxBridge.liveThreadsStartedBy(caller.getClassLoader()));
                }
                if (!d.allowed()) {
                    throw new SandboxDeniedException(PolicyEngine.denialMessage(who.description(), caller.getName(), type, name, actions, d.rule()));
                }
                return;
            default:
                engine.denied(who.description(), caller.getName(), type, name, actions, UNKNOWN_LOADER_RULE);
                throw new SandboxDeniedException(PolicyEngine.denialMessage(who.description(), caller.getName(), type, name, actions, UNKNOWN_LOADER_RULE));
        }
    }
}
