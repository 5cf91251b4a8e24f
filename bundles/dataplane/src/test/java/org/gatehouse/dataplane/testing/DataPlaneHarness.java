package org.gatehouse.dataplane.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.dataplane.config.ElementConfig;
import org.gatehouse.dataplane.config.ElementConfigLoader;
import org.gatehouse.dataplane.engine.DataPlaneEngine;

/**
 * Starts the real data plane (no OSGi) on a conf folder written by the test: listeners bound
 * on loopback with ephemeral ports, against upstreams the test runs.
 */
public final class DataPlaneHarness implements AutoCloseable {
    private final Path conf;
    private DataPlaneEngine engine;

    public DataPlaneHarness(Path conf) {
        this.conf = conf;
    }

    /** A complete element.xml around the given children. */
    public static String element(String children) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<element xmlns=\"urn:gatehouse:element:1\" name=\"edge-test\">\n"
                + children + "</element>\n";
    }

    /**
     * The simplest pass-through: an http listener {@code public} on an ephemeral port, a pool
     * {@code web} with one member, and a route {@code all} sending everything there.
     */
    public static String passThrough(int upstreamPort) {
        return "  <listener name=\"public\" protocol=\"http\" port=\"0\"/>\n"
                + "  <pool name=\"web\"><member address=\"127.0.0.1\" port=\"" + upstreamPort + "\"/></pool>\n"
                + "  <route name=\"all\" pool=\"web\"/>\n";
    }

    /** Writes {@code conf/element.xml}. */
    public Path write(String children) throws IOException {
        Path file = conf.resolve("element.xml");
        Path temp = conf.resolve("element.xml.tmp");
        Files.writeString(temp, element(children), StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Loads the children as element.xml and runs them. */
    public DataPlaneEngine start(String children) throws Exception {
        return start(children, () -> null);
    }

    /** As {@link #start(String)}, offering every HTTP request to {@code processor}. */
    public DataPlaneEngine start(String children, java.util.function.Supplier<org.gatehouse.dataplane.spi.MessageProcessor> processor)
            throws Exception {
        ElementConfig config = new ElementConfigLoader(conf).load(write(children));
        engine = new DataPlaneEngine(conf, 2, processor);
        engine.apply(config);
        return engine;
    }

    public DataPlaneEngine engine() {
        return engine;
    }

    public Path conf() {
        return conf;
    }

    public InetSocketAddress address(String listener) {
        return engine.boundAddresses().get(listener);
    }

    public URI uri(String listener, String path) {
        return URI.create("http://127.0.0.1:" + address(listener).getPort() + path);
    }

    /** A port that was free a moment ago, for configurations that must name one. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
