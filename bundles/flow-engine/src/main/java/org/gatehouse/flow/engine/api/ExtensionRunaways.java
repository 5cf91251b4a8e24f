package org.gatehouse.flow.engine.api;

import java.util.Objects;

/**
 * One extension's runaway steps: steps whose code went on running after their deadline
 * interrupted them and a grace period passed. Java cannot stop such a thread; the element
 * quarantines the extension, replaces the thread in its step pool and counts it here until the
 * extension's code returns by itself.
 *
 * @param symbolicName the extension
 * @param detected     runaways seen since the engine started; only grows
 * @param running      runaway threads still inside the extension's code now
 * @param cpuNanos     CPU time those threads used after their deadline, ended ones included; only
 *                     grows (0 where the JVM does not measure thread CPU time)
 */
public record ExtensionRunaways(String symbolicName, long detected, int running, long cpuNanos) {
    public ExtensionRunaways {
        Objects.requireNonNull(symbolicName, "symbolicName");
        if (detected < 0 || running < 0 || cpuNanos < 0) {
            throw new IllegalArgumentException("runaways of " + symbolicName + " cannot be negative: detected " + detected
                    + ", running " + running + ", cpuNanos " + cpuNanos);
        }
    }
}
