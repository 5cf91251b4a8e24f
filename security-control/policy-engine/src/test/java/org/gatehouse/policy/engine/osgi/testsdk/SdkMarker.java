package org.gatehouse.policy.engine.osgi.testsdk;

/** Stands for an SDK class: exported by a platform bundle, allowed to extensions. */
public final class SdkMarker {
    public static String name() {
        return "sdk";
    }
}
