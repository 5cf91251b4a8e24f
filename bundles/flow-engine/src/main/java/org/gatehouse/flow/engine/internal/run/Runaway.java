package org.gatehouse.flow.engine.internal.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A step whose code was still running a grace period after its deadline interrupted it: whose
 * code (an extension, or none for a built-in step), which step, on which thread, how long since
 * it was admitted, the CPU its thread used during the grace period (which tells a busy loop from
 * code that swallowed the interrupt and blocks again), and the top of its stack.
 *
 * @param graceCpuNanos CPU time used between the deadline and the end of the grace period, or {@link ThreadCpu#UNKNOWN}
 * @param replaced      whether the step pool started a thread in its place
 */
record Runaway(Optional<String> extension, Optional<String> version, String step, String thread, Duration elapsed,
               Duration grace, long graceCpuNanos, boolean replaced, List<String> frames) {
    Runaway {
        frames = List.copyOf(frames);
    }

    /** {@code extension org.example 1.0.0} or {@code built-in step}, as the log and the audit name the code. */
    String owner() {
        return extension.map(e -> "extension " + e + " " + version.orElse("")).orElse("built-in step").trim();
    }

    /** One line for a person: what ran away, where, for how long. */
    String summary() {
        return step + " of " + owner() + " still running " + elapsed.toMillis() + " ms after admission on thread " + thread
                + ", ignoring the interrupt at its deadline";
    }

    /** {@code 480 ms of 500 ms}, or {@code unknown} where the JVM does not measure thread CPU time. */
    String graceCpu() {
        return graceCpuNanos == ThreadCpu.UNKNOWN ? "unknown"
                : Duration.ofNanos(graceCpuNanos).toMillis() + " ms of " + grace.toMillis() + " ms";
    }
}
