package org.gatehouse.policy.engine.osgi.probe.helper;

/** A package one extension exports to another. */
public final class HelperApi {
    public static String name() {
        return "helper";
    }
}
