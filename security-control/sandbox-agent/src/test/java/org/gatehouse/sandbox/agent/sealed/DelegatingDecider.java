package org.gatehouse.sandbox.agent.sealed;

import org.gatehouse.sandbox.bridge.SandboxDecider;

/**
 * What the matrix installs into the bridge: its decider behind a class of a package of its own.
 * The bridge seals the installed decider's package against reflection; the test classes that
 * play the platform's secrets live in the matrix's package and must stay reachable for the
 * requests the matrix expects. Its own field is the sealed state the seal tests aim at.
 */
public final class DelegatingDecider implements SandboxDecider {
    private final SandboxDecider target;

    public DelegatingDecider(SandboxDecider target) {
        this.target = target;
    }

    @Override
    public void check(Class<?> caller, String type, String name, String actions) {
        target.check(caller, type, name, actions);
    }

    @Override
    public boolean allows(Class<?> caller, String type, String name, String actions) {
        return target.allows(caller, type, name, actions);
    }

    @Override
    public boolean isTrusted(Class<?> type) {
        return target.isTrusted(type);
    }

    @Override
    public void denied(Class<?> caller, String type, String name, String actions, String rule) {
        target.denied(caller, type, name, actions, rule);
    }
}
