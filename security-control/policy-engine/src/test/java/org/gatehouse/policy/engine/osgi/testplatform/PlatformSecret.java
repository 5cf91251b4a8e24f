package org.gatehouse.policy.engine.osgi.testplatform;

/** Stands for a platform internal: exported by a platform bundle, not allowed to extensions. */
public final class PlatformSecret {
    public static String name() {
        return "secret";
    }

    /** Asks the bridge as platform code would. */
    public static String check(String type, String name, String actions) {
        try {
            org.gatehouse.sandbox.bridge.SandboxBridge.check(type, name, actions);
            return "allowed";
        } catch (SecurityException e) {
            return e.getMessage();
        }
    }
}
