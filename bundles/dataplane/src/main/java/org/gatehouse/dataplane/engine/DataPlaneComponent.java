package org.gatehouse.dataplane.engine;

import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.dataplane.ResponseTimings;
import org.gatehouse.dataplane.http.AccessLog;
import org.gatehouse.dataplane.spi.ChannelGateway;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The data plane as a Declarative Services component. Reads {@code <conf>/element.xml}, where
 * {@code <conf>} is the framework property {@code gatehouse.conf.dir}; activation fails with the
 * file's first problem. Optional framework properties: {@code gatehouse.dataplane.reload.interval}
 * (milliseconds between checks of the file, default 1000) and {@code gatehouse.dataplane.workers}
 * (event loop threads, default the number of processors).
 *
 * <p>A {@link MessageProcessor} service (the flow engine), when there is one, is offered every
 * HTTP request head; it may come and go while traffic flows. While there is none, framework
 * property {@code gatehouse.dataplane.message-processor} decides: {@code required} (the default)
 * answers every HTTP request 503 {@code flows_not_loaded}, since a request a flow would have
 * claimed must not reach an upstream unchecked while the flow engine starts or stops;
 * {@code optional} forwards it untouched (a data plane deployed without flows).
 */
@Component(service = DataPlane.class, immediate = true)
public final class DataPlaneComponent implements DataPlane {
    /** Framework property naming the conf folder. */
    public static final String CONF_DIR_PROPERTY = "gatehouse.conf.dir";
    /** Framework property: {@code required} or {@code optional}, whether traffic waits for a message processor. */
    public static final String PROCESSOR_PROPERTY = "gatehouse.dataplane.message-processor";
    /** The access log's file, or {@code off}. */
    public static final String ACCESS_LOG_PROPERTY = "gatehouse.access-log";
    /** The access log's form: {@code combined} or {@code json}. */
    public static final String ACCESS_LOG_FORMAT_PROPERTY = "gatehouse.access-log.format";

    /** The service property and value that select the demo upstream's responder among {@link ChannelHandler} services. */
    static final String DEMO_RESPONDER = "(gatehouse.dataplane.upstream=demo)";

    private volatile ReloadingDataPlane plane;
    private volatile MessageProcessor processor;
    private volatile ChannelHandler demoResponder;
    private volatile ChannelGateway channelGateway;
    private AccessLog accessLog = AccessLog.OFF;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProcessor(MessageProcessor messageProcessor) {
        processor = messageProcessor;
    }

    void unbindProcessor(MessageProcessor messageProcessor) {
        if (processor == messageProcessor) {
            processor = null;
        }
    }

    /**
     * The demo upstream's pipeline, from bundle {@code org.gatehouse.demo-upstream} when it is
     * installed (the default distribution; production leaves it out): the data plane binds it where
     * {@code <demo-upstream>} says, and closes it when the bundle goes.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = DEMO_RESPONDER)
    void bindDemoResponder(ChannelHandler responder) {
        demoResponder = responder;
        ReloadingDataPlane running = plane;
        if (running != null) {
            running.demoResponder(responder);
        }
    }

    void unbindDemoResponder(ChannelHandler responder) {
        if (demoResponder == responder) {
            demoResponder = null;
            ReloadingDataPlane running = plane;
            if (running != null) {
                running.demoResponder(null);
            }
        }
    }

    /**
     * The channel gateway of bundle {@code org.gatehouse.channels} (docs/channels.md "In the
     * element"): it binds the channel listeners and carries requests routed to channel members.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindChannelGateway(ChannelGateway gateway) {
        channelGateway = gateway;
        ReloadingDataPlane running = plane;
        if (running != null) {
            running.channelGateway(gateway);
        }
    }

    void unbindChannelGateway(ChannelGateway gateway) {
        if (channelGateway == gateway) {
            channelGateway = null;
            ReloadingDataPlane running = plane;
            if (running != null) {
                running.channelGateway(null);
            }
        }
    }

    @Activate
    void activate(BundleContext context) throws Exception {
        String conf = context.getProperty(CONF_DIR_PROPERTY);
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException("framework property " + CONF_DIR_PROPERTY + " is not set; it must name the conf folder holding "
                    + ReloadingDataPlane.FILE_NAME);
        }
        long interval = longProperty(context, "gatehouse.dataplane.reload.interval", 1000);
        int workers = (int) longProperty(context, "gatehouse.dataplane.workers", Runtime.getRuntime().availableProcessors());
        MessageProcessor absent = processorRequired(context) ? AbsentProcessor.INSTANCE : null;
        accessLog = accessLog(context);
        try {
            plane = ReloadingDataPlane.start(Path.of(conf), Duration.ofMillis(interval), workers, () -> {
                MessageProcessor bound = processor;
                return bound != null ? bound : absent;
            }, accessLog);
        } catch (org.gatehouse.policy.schemas.XmlDocumentException e) {
            accessLog.close();
            // the message already reads "element.xml [line:col] /element/path: reason"
            throw new IllegalStateException(e.getMessage(), e);
        } catch (RuntimeException | DataPlaneException e) {
            accessLog.close();
            throw e;
        }
        plane.demoResponder(demoResponder);
        plane.channelGateway(channelGateway);
    }

    /**
     * The access log (docs/data-plane.md "Access log"): {@value #ACCESS_LOG_PROPERTY} names its file
     * ({@code off} for none; default {@code access.log} in {@code gatehouse.log.dir}, none when that
     * is not set either), {@value #ACCESS_LOG_FORMAT_PROPERTY} its form ({@code combined}, the
     * default, or {@code json}). A file that cannot be opened stops the start with its reason.
     */
    private static AccessLog accessLog(BundleContext context) throws IOException {
        String setting = context.getProperty(ACCESS_LOG_PROPERTY);
        Path file;
        if (setting == null || setting.isBlank()) {
            String logs = context.getProperty("gatehouse.log.dir");
            if (logs == null || logs.isBlank()) {
                return AccessLog.OFF;
            }
            file = Path.of(logs.trim(), "access.log");
        } else if ("off".equalsIgnoreCase(setting.trim())) {
            return AccessLog.OFF;
        } else {
            file = Path.of(setting.trim());
        }
        String format = context.getProperty(ACCESS_LOG_FORMAT_PROPERTY);
        AccessLog.Format chosen;
        try {
            chosen = format == null || format.isBlank() ? AccessLog.Format.COMBINED : AccessLog.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("framework property " + ACCESS_LOG_FORMAT_PROPERTY + ": " + e.getMessage(), e);
        }
        int queue = (int) longProperty(context, "gatehouse.access-log.queue", 65536);
        try {
            return AccessLog.open(file, chosen, ZoneId.systemDefault(), queue);
        } catch (IOException e) {
            throw new IOException("framework property " + ACCESS_LOG_PROPERTY + ": cannot open the access log " + file + ": " + e, e);
        }
    }

    private static boolean processorRequired(BundleContext context) {
        String value = context.getProperty(PROCESSOR_PROPERTY);
        String setting = value == null || value.isBlank() ? "required" : value.trim();
        return switch (setting) {
            case "required" -> true;
            case "optional" -> false;
            default -> throw new IllegalStateException("framework property " + PROCESSOR_PROPERTY + " is [" + setting
                    + "]; expected required or optional");
        };
    }

    private static long longProperty(BundleContext context, String name, long fallback) {
        String value = context.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("framework property " + name + " must be a whole number, got '" + value + "'", e);
        }
    }

    @Deactivate
    void deactivate() {
        if (plane != null) {
            plane.close();
            plane = null;
        }
        accessLog.close();
        accessLog = AccessLog.OFF;
    }

    @Override
    public long generation() {
        return plane.generation();
    }

    @Override
    public String elementName() {
        return plane.elementName();
    }

    @Override
    public Map<String, InetSocketAddress> boundAddresses() {
        return plane.boundAddresses();
    }

    @Override
    public InetSocketAddress demoUpstreamAddress() {
        return plane.demoUpstreamAddress();
    }

    @Override
    public Map<String, ResponseTimings> responseTimings() {
        return plane.responseTimings();
    }

    @Override
    public Map<String, Long> listenerRequests() {
        return plane.listenerRequests();
    }

    @Override
    public Map<String, Map<String, Long>> upstreamOutcomes() {
        return plane.upstreamOutcomes();
    }

    @Override
    public Map<String, Map<String, Long>> refusedRequests() {
        return plane.refusedRequests();
    }

    @Override
    public Map<String, Map<String, Boolean>> memberHealth() {
        return plane.memberHealth();
    }
}
