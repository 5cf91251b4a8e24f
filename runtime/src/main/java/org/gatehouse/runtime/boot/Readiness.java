package org.gatehouse.runtime.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.gatehouse.runtime.LaunchFailure;
import org.gatehouse.runtime.boot.ComponentStates.ComponentState;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Decides when the element is ready: every service named in {@code gatehouse.ready.services} is
 * registered, and no component of a platform bundle is still waiting for a reference. A
 * component that failed to activate (for example the data plane rejecting {@code element.xml})
 * fails start-up at once with SCR's reason; anything still missing at the timeout fails it with
 * the list of what is missing.
 *
 * <pre>{@code
 * new Readiness(context, platformBundles, settings.readyServices(), settings.readyTimeout()).await(() -> false);
 * }</pre>
 */
public final class Readiness {
    private static final Logger LOG = Logger.getLogger(Readiness.class.getName());
    private static final long POLL_MILLIS = 50;

    private final BundleContext system;
    private final List<Bundle> platform;
    private final List<String> services;
    private final Duration timeout;

    public Readiness(BundleContext system, List<Bundle> platform, List<String> services, Duration timeout) {
        this.system = system;
        this.platform = List.copyOf(platform);
        this.services = List.copyOf(services);
        this.timeout = timeout;
    }

    /**
     * Waits until ready. Returns false, without failing, when {@code abandoned} turns true
     * (a shutdown was requested while starting).
     */
    public boolean await(BooleanSupplier abandoned) throws LaunchFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ComponentStates components = new ComponentStates(system);
        while (true) {
            if (abandoned.getAsBoolean()) {
                return false;
            }
            List<ComponentState> states = components.of(platform);
            failOnFailedActivation(states);
            List<String> missing = missing(states);
            if (missing.isEmpty()) {
                states.stream().filter(s -> s.state() == ComponentStates.UNSATISFIED_CONFIGURATION)
                        .forEach(s -> LOG.info(() -> s.name() + " waits for its configuration"));
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "not ready after " + timeout.toMillis() + " ms (gatehouse.ready.timeout): "
                        + String.join("; ", missing));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static void failOnFailedActivation(List<ComponentState> states) throws LaunchFailure {
        List<String> failures = states.stream().filter(ComponentState::failed)
                .map(s -> s.name() + " failed to activate: " + firstLines(s.failure()))
                .toList();
        if (!failures.isEmpty()) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, String.join("\n", failures));
        }
    }

    private List<String> missing(List<ComponentState> states) {
        List<String> missing = new ArrayList<>();
        for (String service : services) {
            if (!registered(service)) {
                missing.add("service " + service + " is not registered");
            }
        }
        states.stream().filter(ComponentState::waitingForReferences)
                .forEach(s -> missing.add(s.name() + " waits for reference(s) " + String.join(", ", s.unsatisfiedReferences())));
        return missing;
    }

    private boolean registered(String service) {
        try {
            return system.getAllServiceReferences(service, null) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter is given", e);
        }
    }

    /** SCR's failure text is a whole stack trace; its cause lines say what went wrong. */
    static String firstLines(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        List<String> kept = new ArrayList<>();
        for (String line : failure.split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("at ") && !trimmed.startsWith("...")) {
                kept.add(trimmed);
            }
        }
        return String.join(" / ", kept);
    }
}
