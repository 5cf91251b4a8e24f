package org.gatehouse.dataplane.engine;

import io.netty.channel.ChannelHandler;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.dataplane.ResponseTimings;
import org.gatehouse.dataplane.config.ElementConfig;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.dataplane.http.AccessLog;
import org.gatehouse.dataplane.spi.ChannelGateway;
import org.gatehouse.dataplane.spi.ChannelView;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * The data plane of one conf folder: reads {@code element.xml}, runs it, and keeps applying its
 * changes. Start-up fails with the file's first problem; later problems are logged and the
 * running configuration stays.
 *
 * <pre>{@code
 * try (ReloadingDataPlane plane = ReloadingDataPlane.start(Path.of("conf"), Duration.ofSeconds(1), 2)) {
 *     plane.boundAddresses();
 * }
 * }</pre>
 */
public final class ReloadingDataPlane implements DataPlane, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane");

    /** The file read from the conf folder. */
    public static final String FILE_NAME = "element.xml";

    private final DataPlaneEngine engine;
    private final ElementConfigWatcher watcher;

    private ReloadingDataPlane(DataPlaneEngine engine, ElementConfigWatcher watcher) {
        this.engine = engine;
        this.watcher = watcher;
    }

    /**
     * Loads {@code confDir/element.xml}, binds everything, logs {@code data plane ready} and
     * starts watching the file every {@code pollInterval}.
     *
     * @throws XmlDocumentException when the file is missing or invalid (file, line:column, path)
     * @throws DataPlaneException   when a listener cannot be bound or TLS material is unusable
     */
    public static ReloadingDataPlane start(Path confDir, Duration pollInterval, int workerThreads)
            throws XmlDocumentException, DataPlaneException {
        return start(confDir, pollInterval, workerThreads, () -> null);
    }

    /** As {@link #start(Path, Duration, int)}, with HTTP requests offered to {@code processor} (null: none). */
    public static ReloadingDataPlane start(Path confDir, Duration pollInterval, int workerThreads,
            Supplier<MessageProcessor> processor) throws XmlDocumentException, DataPlaneException {
        return start(confDir, pollInterval, workerThreads, processor, AccessLog.OFF);
    }

    /** As {@link #start(Path, Duration, int, Supplier)}, with every answer handed to {@code accessLog}. */
    public static ReloadingDataPlane start(Path confDir, Duration pollInterval, int workerThreads,
            Supplier<MessageProcessor> processor, AccessLog accessLog) throws XmlDocumentException, DataPlaneException {
        Path file = confDir.resolve(FILE_NAME);
        ElementConfigLoader loader = new ElementConfigLoader(confDir);
        byte[] content = ElementConfigLoader.readBytes(file);
        ElementConfig config = loader.load(FILE_NAME, content);
        DataPlaneEngine engine = new DataPlaneEngine(confDir, workerThreads, processor);
        engine.accessLog(accessLog);
        try {
            engine.apply(config);
        } catch (DataPlaneException | RuntimeException e) {
            engine.close();
            throw e;
        }
        ElementConfigWatcher watcher = new ElementConfigWatcher(file, loader, engine::apply, content);
        watcher.start(pollInterval);
        LOG.log(Level.INFO, "data plane ready: element {0}, {1} listener(s), configuration generation {2}",
                config.name(), engine.boundAddresses().size(), engine.generation());
        return new ReloadingDataPlane(engine, watcher);
    }

    /** The demo upstream's pipeline, or null when its bundle goes: see {@link DataPlaneEngine#demoResponder}. */
    public void demoResponder(ChannelHandler responder) {
        engine.demoResponder(responder);
    }

    @Override
    public List<ChannelView> openChannels() {
        return engine.openChannels();
    }

    /** The channel gateway, or null when its bundle goes: see {@link DataPlaneEngine#channelGateway}. */
    public void channelGateway(ChannelGateway gateway) {
        engine.channelGateway(gateway);
    }

    /** Checks the file now instead of at the next poll; for tests and management commands. */
    public void checkNow() {
        watcher.check();
    }

    @Override
    public long generation() {
        return engine.generation();
    }

    @Override
    public String elementName() {
        return engine.elementName();
    }

    @Override
    public Map<String, InetSocketAddress> boundAddresses() {
        return engine.boundAddresses();
    }

    @Override
    public InetSocketAddress demoUpstreamAddress() {
        return engine.demoUpstreamAddress();
    }

    @Override
    public Map<String, ResponseTimings> responseTimings() {
        return engine.responseTimings();
    }

    @Override
    public Map<String, Long> listenerRequests() {
        return engine.listenerRequests();
    }

    @Override
    public Map<String, Map<String, Long>> upstreamOutcomes() {
        return engine.upstreamOutcomes();
    }

    @Override
    public Map<String, Map<String, Long>> refusedRequests() {
        return engine.refusedRequests();
    }

    @Override
    public Map<String, Map<String, Boolean>> memberHealth() {
        return engine.memberHealth();
    }

    @Override
    public void close() {
        watcher.close();
        engine.close();
        LOG.log(Level.INFO, "data plane stopped");
    }
}
