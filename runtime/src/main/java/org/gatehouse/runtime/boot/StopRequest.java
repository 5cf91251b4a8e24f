package org.gatehouse.runtime.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.gatehouse.runtime.LaunchFailure;
import org.gatehouse.runtime.logging.LoggingSetup;

/**
 * Turns SIGTERM and SIGINT into an orderly stop of the framework, bounded by the shutdown
 * timeout. The signals are handled rather than left to the JVM's default: by default the JVM
 * exits with status 143 and runs its shutdown hooks concurrently, and {@code java.util.logging}'s
 * own hook closes the log files while the framework is still stopping. Handled, the stop runs
 * first, its log lines are written, and the launcher exits 0. A watchdog halts the process with
 * {@link LaunchFailure#SHUTDOWN_TIMED_OUT} if the stop hangs. A JVM shutdown hook covers the
 * other ways out (SIGHUP, {@code System.exit} from a bundle).
 */
public final class StopRequest {
    private static final Logger LOG = Logger.getLogger(StopRequest.class.getName());

    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile long requestedAt;
    private volatile Duration timeout;
    private volatile GatehouseFramework element;

    /**
     * @param timeout how long a stop may take until the settings say otherwise ({@link #attach});
     *        the handlers are installed before the settings are read, so that a SIGTERM at any
     *        moment of start-up gives a clean exit
     */
    public StopRequest(Duration timeout) {
        this.timeout = timeout;
    }

    /** Handles SIGTERM and SIGINT and registers the fallback shutdown hook. */
    public void installSignalHandlers() {
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                handle(signal);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // e.g. -Xrs: the JVM keeps the signal; the shutdown hook below still stops the framework
                Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
                LOG.warning(() -> "cannot handle SIG" + signal + " (" + cause + "); relying on the shutdown hook");
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromShutdownHook, "gatehouse-shutdown-hook"));
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal(name), signal -> request("SIG" + name))}, through
     * reflection: sun.misc (module jdk.unsupported) is the JDK's only signal API, and naming it
     * in source draws a compiler warning that cannot be suppressed.
     */
    private void handle(String name) throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
                request("SIG" + name);
                return null;
            }
            return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "gatehouse SIG" + name + " handler";
            };
        });
        Object signal = signalType.getConstructor(String.class).newInstance(name);
        signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
    }

    /** The framework to stop once a request comes; a request that came earlier applies at once. */
    public void attach(GatehouseFramework framework, Duration shutdownTimeout) {
        this.timeout = shutdownTimeout;
        this.element = framework;
        if (requested.get()) {
            stopAsync();
        }
    }

    public boolean requested() {
        return requested.get();
    }

    /** Milliseconds since the stop was requested. */
    public long millisSinceRequest() {
        return (System.nanoTime() - requestedAt) / 1_000_000;
    }

    /** Asks for a stop; later requests are ignored. */
    public void request(String reason) {
        long now = System.nanoTime();
        if (!requested.compareAndSet(false, true)) {
            LOG.info(() -> reason + " received while already stopping; the stop is bounded by gatehouse.shutdown.timeout");
            return;
        }
        requestedAt = now;
        LOG.info(() -> reason + " received: stopping (at most " + timeout.toMillis() + " ms)");
        startWatchdog();
        stopAsync();
    }

    private void stopAsync() {
        GatehouseFramework framework = element;
        if (framework == null) {
            return;
        }
        try {
            framework.framework().stop();
        } catch (Exception e) {
            LOG.warning(() -> "the framework refused to stop: " + e);
        }
    }

    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            GatehouseFramework framework = element;
            String running = framework == null ? "start-up" : framework.stillRunning();
            LOG.severe(() -> "shutdown did not finish within " + timeout.toMillis() + " ms (gatehouse.shutdown.timeout); still stopping: "
                    + running + "; halting");
            LoggingSetup.close();
            Runtime.getRuntime().halt(LaunchFailure.SHUTDOWN_TIMED_OUT);
        }, "gatehouse-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void stopFromShutdownHook() {
        GatehouseFramework framework = element;
        if (framework == null || (framework.framework().getState() & (org.osgi.framework.Bundle.STARTING | org.osgi.framework.Bundle.ACTIVE)) == 0) {
            return;
        }
        try {
            framework.stop(timeout);
        } catch (LaunchFailure | InterruptedException e) {
            LOG.severe(() -> "stopping the framework from the JVM shutdown hook: " + e.getMessage());
        }
    }
}
