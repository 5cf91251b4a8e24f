package org.gatehouse.flow.engine.internal.run;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Settings;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.api.Codebase;

/**
 * What the element does about a runaway step, once per runaway: the extension is counted and
 * quarantined at once ({@link ExtensionHealthBook.Health#ranAway}), one warning names the step,
 * the thread, how long it has run and the top of its stack, and one audit event of action
 * {@value #AUDIT_ACTION} goes to the audit sink. Java cannot stop the thread; the step executor
 * replaces it in its pool, and this watch's settings say how long to wait after the deadline.
 */
public final class RunawayWatch {
    /** The audit action of a runaway step. */
    public static final String AUDIT_ACTION = "extension.runaway";

    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.runaway");

    private final Supplier<Settings> settings;
    private final AuditSink audit;
    private final Clock clock;

    public RunawayWatch(Supplier<Settings> settings, AuditSink audit, Clock clock) {
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** How long a step may run on after its deadline interrupted it ({@code runaway-grace}). */
    Duration grace() {
        return settings.get().runawayGrace();
    }

    /**
     * Counts the runaway against its extension and quarantines it, under the runaway call's lock;
     * gives what to do when the thread comes back.
     *
     * @return whether this runaway put the extension in quarantine (false for a built-in step)
     */
    boolean charge(Runaway runaway, Admission<?> admission, Thread thread, long cpuAtDeadline) {
        return admission.health().map(h -> h.ranAway(runaway, thread, cpuAtDeadline)).orElse(false);
    }

    /** Logs and audits a runaway, once, after it was charged. */
    void report(Runaway runaway, boolean quarantinedNow) {
        String quarantine = runaway.extension().isEmpty() ? "a built-in step is not quarantined"
                : quarantinedNow ? "extension quarantined now" : "extension already quarantined";
        String replacement = runaway.replaced() ? "a new step thread replaces it"
                : "not replaced: the step pool already replaces as many runaway threads as it has threads";
        StringBuilder line = new StringBuilder("runaway: ").append(runaway.summary())
                .append("; CPU in the ").append(runaway.grace().toMillis()).append(" ms grace: ").append(runaway.graceCpu())
                .append("; ").append(quarantine).append("; ").append(replacement)
                .append("; Java cannot stop the thread: it runs until the code returns or the element restarts");
        runaway.frames().forEach(frame -> line.append("\n\tat ").append(frame));
        LOG.log(System.Logger.Level.WARNING, line.toString());
        try {
            audit.record(new AuditEvent(clock.instant(), AUDIT_ACTION, subject(runaway), runaway.summary(), details(runaway, quarantine)));
        } catch (RuntimeException e) { // a sink must not throw; if one does, the runaway is still logged above
            LOG.log(System.Logger.Level.ERROR, "audit of a runaway failed", e);
        }
    }

    /** The extension as the control module names codebases in its audit events, or {@code system} for a built-in step. */
    private static String subject(Runaway runaway) {
        return runaway.extension().map(e -> Codebase.of(e, runaway.version().orElse("0.0.0"), "").id()).orElse("system");
    }

    private static List<String> details(Runaway runaway, String quarantine) {
        List<String> details = new ArrayList<>();
        details.add("step: " + runaway.step());
        details.add("thread: " + runaway.thread());
        details.add("elapsed: " + runaway.elapsed().toMillis() + " ms");
        details.add("cpu in grace: " + runaway.graceCpu());
        details.add("quarantine: " + quarantine);
        runaway.frames().forEach(frame -> details.add("at " + frame));
        return details;
    }
}
