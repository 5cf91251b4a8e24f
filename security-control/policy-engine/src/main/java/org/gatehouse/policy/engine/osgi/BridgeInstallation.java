package org.gatehouse.policy.engine.osgi;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;

/**
 * Plugs the engine into the sandbox bridge when the bridge is on the boot class path (the sandbox
 * agent puts it there). Without it nothing calls the engine for JDK operations: the element then
 * runs without enforcement, and says so loudly.
 */
final class BridgeInstallation {
    private static final Logger LOG = System.getLogger(BridgeInstallation.class.getName());

    private BridgeInstallation() {
    }

    /** Returns whether the decider is now installed. */
    static boolean install(LoaderCodebases loaders, PolicyEngine engine) {
        try {
            return DeciderInstaller.install(loaders, engine);
        } catch (LinkageError e) {
            LOG.log(Level.ERROR, "sandbox bridge not on the boot class path: extensions run WITHOUT enforcement "
                    + "(start the element with the sandbox agent)");
            return false;
        }
    }

    /**
     * A class of its own: verifying a method with a handler for the bridge's exception loads that
     * exception, so in the outer class the missing bridge would fail the linking of
     * {@code BridgeInstallation} itself, outside the {@code LinkageError} handler above.
     */
    private static final class DeciderInstaller {
        private DeciderInstaller() {
        }

        static boolean install(LoaderCodebases loaders, PolicyEngine engine) {
            try {
                // the engine's decision state is sealed with the bridge's (PolicyEngine holds the snapshot)
                SandboxBridge.install(new BridgeDecider(loaders, engine), PolicyEngine.class);
                LOG.log(Level.INFO, "sandbox decider installed");
                return true;
            } catch (SandboxDeniedException e) {
                // once per JVM: a restarted engine bundle finds its earlier decider still in place
                LOG.log(Level.ERROR, "a sandbox decider is already installed; this engine's decisions are not used: " + e.getMessage());
                return false;
            }
        }
    }
}
