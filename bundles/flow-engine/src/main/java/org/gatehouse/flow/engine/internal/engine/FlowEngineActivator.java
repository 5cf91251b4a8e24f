package org.gatehouse.flow.engine.internal.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.platform.files.HandEdits;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.flow.engine.internal.run.StepServices;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.PolicyService;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Starts the flow engine in the framework: follows bladelet providers and {@link PlatformStepFactory}
 * services, reads {@code <gatehouse.conf.dir>/flows.xml} (none: no message types), and registers
 * the engine as {@link MessageProcessor} and {@link FlowService}. A {@code flows.xml} that does
 * not pass the checks a replacement passes fails the start with its errors as the message, so
 * the element does not come up without the flows its operator wrote. Framework properties:
 * {@code gatehouse.conf.dir}, {@code gatehouse.data.dir} (extension data folders; default this
 * bundle's storage area), {@code gatehouse.flows.reload.interval} (milliseconds, default 1000).
 *
 * <p>A plain activator rather than a Declarative Services component: an invalid {@code flows.xml}
 * must fail this bundle's start, which the launcher reports as one line with the file's place and
 * reason before it exits 1 (a component failing to activate is reported as SCR's failure text),
 * and the engine follows bladelet bundles with a {@code BundleTracker}, which DS has no reference
 * for.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class FlowEngineActivator implements BundleActivator {
    private FlowEngine engine;
    private ServiceTracker<PolicyService, PolicyService> policies;
    private PlatformAuditSink audit;
    private ServiceTracker<PlatformStepFactory, PlatformStepSource> steps;
    private BladeletBundleTracker bladelets;
    private StepServices services;
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) throws Exception {
        try {
            open(context);
        } catch (Exception e) {
            // the framework does not call stop() after a failed start
            stop(context);
            throw e;
        }
    }

    private void open(BundleContext context) throws Exception {
        String conf = context.getProperty("gatehouse.conf.dir");
        String data = context.getProperty("gatehouse.data.dir");
        Path dataDir = data == null || data.isBlank() ? context.getDataFile("").toPath() : Path.of(data);
        Clock clock = Clock.systemUTC();
        services = new StepServices(clock);
        policies = new ServiceTracker<>(context, PolicyService.class, null);
        policies.open();
        audit = new PlatformAuditSink(policies::getService);
        engine = new FlowEngine(conf == null || conf.isBlank() ? null : Path.of(conf), dataDir, clock, audit);
        engine.auditStepOutcomes(new StepOutcomeRecorder(policies::getService, clock));
        // an edit of flows.xml by hand is told to the management plane, which submits it for confirmation (docs/management.md "Hand edits")
        engine.onHandEdit(name -> tellHandEdit(context, name));
        steps = new ServiceTracker<>(context, PlatformStepFactory.class, null) {
            @Override
            public PlatformStepSource addingService(ServiceReference<PlatformStepFactory> reference) {
                PlatformStepFactory factory = context.getService(reference);
                if (factory == null) {
                    return null;
                }
                PlatformStepSource source = new PlatformStepSource(factory, dataDir.resolve("platform").resolve(
                        reference.getBundle().getSymbolicName()), services);
                engine.registry().addStep(source);
                return source;
            }

            @Override
            public void removedService(ServiceReference<PlatformStepFactory> reference, PlatformStepSource source) {
                engine.registry().removeStep(source);
                context.ungetService(reference);
            }
        };
        steps.open();
        bladelets = new BladeletBundleTracker(context, engine, this::isExtension, dataDir, services);
        bladelets.open();
        engine.start(Duration.ofMillis(Long.parseLong(property(context, "gatehouse.flows.reload.interval", "1000"))));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_DESCRIPTION, "Gatehouse flow engine");
        registration = context.registerService(new String[] {MessageProcessor.class.getName(), FlowService.class.getName()},
                engine, properties);
    }

    private static void tellHandEdit(BundleContext context, String name) {
        ServiceReference<HandEdits> reference = context.getServiceReference(HandEdits.class);
        HandEdits handEdits = reference == null ? null : context.getService(reference);
        if (handEdits == null) {
            System.getLogger("org.gatehouse.flow.engine.config").log(System.Logger.Level.ERROR, "conf/" + name + " was edited by hand and "
                    + "differs from the content in force; it is NOT applied, and nothing runs that could submit it for confirmation "
                    + "(the management plane is not running)");
            return;
        }
        try {
            handEdits.seen(name);
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * The control module's answer; without the control module (a framework test), a bundle the
     * extension installer installed still counts: nothing else may run a bladelet.
     */
    private boolean isExtension(Bundle bundle) {
        PolicyService policy = policies.getService();
        return policy != null ? policy.extensionOf(bundle).isPresent()
                : bundle.getLocation().startsWith(ExtensionInstaller.LOCATION_PREFIX);
    }

    private static String property(BundleContext context, String name, String fallback) {
        String value = context.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (bladelets != null) {
            bladelets.close();
        }
        if (steps != null) {
            steps.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (policies != null) {
            policies.close();
        }
        if (services != null) {
            services.close();
        }
    }
}
