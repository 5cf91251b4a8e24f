package org.gatehouse.runtime;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gatehouse.runtime.boot.DataDirectory;
import org.gatehouse.runtime.boot.GatehouseFramework;
import org.gatehouse.runtime.boot.StopRequest;
import org.gatehouse.runtime.config.GatehouseSettings;
import org.gatehouse.runtime.config.LauncherOptions;
import org.gatehouse.runtime.config.SettingsLoader;
import org.gatehouse.runtime.logging.LoggingSetup;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;

/**
 * The Gatehouse process: reads {@code conf/gatehouse.properties}, sets up logging, claims the
 * data folder, boots Apache Felix with the platform bundles, logs
 * {@code gatehouse started in N ms} once the element is ready, and on SIGTERM stops the
 * framework and exits 0. {@code bin/gatehouse} builds the java command line (JVM hardening
 * flags, the sandbox agent) and runs this class.
 *
 * <pre>{@code
 * java -cp lib/gatehouse-runtime.jar org.gatehouse.runtime.Launcher --home /opt/gatehouse [--conf DIR] [--data DIR]
 * }</pre>
 *
 * <p>Exit codes: 0 stopped cleanly; 1 start-up failed; 2 bad command line or settings;
 * 3 another element uses the data folder; 4 shutdown timed out (see {@link LaunchFailure}).
 */
public final class Launcher {
    private static final Logger LOG = Logger.getLogger(Launcher.class.getName());
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    private Launcher() {
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.getenv(), System.getProperties());
        LoggingSetup.close();
        System.exit(exitCode);
    }

    /** Runs the element until it stops; returns the process exit code. */
    static int run(String[] args, Map<String, String> environment, Properties systemProperties) {
        StopRequest stop = new StopRequest(DEFAULT_SHUTDOWN_TIMEOUT);
        stop.installSignalHandlers();
        GatehouseSettings settings;
        try {
            settings = SettingsLoader.load(LauncherOptions.parse(args, environment), systemProperties, environment);
            LoggingSetup.apply(settings.log());
        } catch (LaunchFailure e) {
            System.err.println("gatehouse: " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            System.err.println("gatehouse: cannot open the log: " + e);
            return LaunchFailure.BAD_CONFIGURATION;
        }
        try {
            return runWithLogging(settings, stop);
        } catch (LaunchFailure e) {
            LOG.log(Level.SEVERE, e.getMessage(), e.getCause());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.severe("interrupted");
            return LaunchFailure.STARTUP_FAILED;
        }
    }

    private static int runWithLogging(GatehouseSettings settings, StopRequest stop) throws LaunchFailure, InterruptedException {
        long pid = ProcessHandle.current().pid();
        try (DataDirectory data = DataDirectory.claim(settings.folders().dataDir())) {
            data.stalePid().ifPresent(stale -> LOG.warning(() -> "the previous run (pid " + stale
                    + ") did not shut down cleanly; its pid file and framework cache are replaced"));
            data.writePid(pid);
            logStart(settings, pid);
            GatehouseFramework element = GatehouseFramework.create(settings);
            stop.attach(element, settings.shutdownTimeout());
            if (element.boot(stop::requested)) {
                // logged before the marker: whoever sees the marker finds the line in the log
                LOG.info(() -> "gatehouse started in " + millisSinceProcessStart() + " ms");
                data.markReady(pid);
            } else {
                // a stop requested before the framework existed found nothing to stop
                stopAbandoned(element);
            }
            FrameworkEvent stopped = element.waitForStop();
            if (stopped.getType() == FrameworkEvent.ERROR) {
                throw new LaunchFailure(LaunchFailure.SHUTDOWN_TIMED_OUT, "the framework stopped with an error", stopped.getThrowable());
            }
            LOG.info(() -> stop.requested()
                    ? "gatehouse stopped in " + stop.millisSinceRequest() + " ms"
                    : "gatehouse stopped: the framework was stopped from inside");
            return 0;
        } catch (IOException e) {
            throw new LaunchFailure(LaunchFailure.STARTUP_FAILED, "cannot write to the data folder "
                    + settings.folders().dataDir() + ": " + e, e);
        }
    }

    private static void stopAbandoned(GatehouseFramework element) {
        try {
            element.framework().stop();
        } catch (BundleException e) {
            LOG.warning(() -> "stopping after an interrupted start-up: " + e.getMessage());
        }
    }

    private static void logStart(GatehouseSettings settings, long pid) {
        List<String> jvmFlags = ProcessHandle.current().info().arguments()
                .map(arguments -> Arrays.stream(arguments).filter(Launcher::isHardeningFlag).toList())
                .orElse(List.of());
        LOG.info(() -> "gatehouse starting: pid " + pid + ", home " + settings.folders().home()
                + ", conf " + settings.folders().confDir() + ", data " + settings.folders().dataDir());
        LOG.info(() -> "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), flags " + jvmFlags);
    }

    /** The JVM options bin/gatehouse adds for the sandbox, worth seeing in the log of every start. */
    static boolean isHardeningFlag(String argument) {
        boolean launcherOption = argument.equals("--home") || argument.equals("--conf") || argument.equals("--data");
        return argument.startsWith("-XX:") || argument.startsWith("-javaagent") || argument.startsWith("-Djava.security")
                || argument.startsWith("--") && !launcherOption;
    }

    private static long millisSinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
    }
}
