package org.gatehouse.flow.engine.internal.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;

/** A flow engine over a temporary conf folder, with the test bladelets as extension {@value #EXTENSION}. */
final class EngineFixture implements AutoCloseable {
    static final String EXTENSION = "org.example.test";
    private static final AtomicLong STARTS = new AtomicLong(1000);

    final Path conf;
    final FlowEngine engine;
    /** What the engine audited (runaway steps). */
    final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    EngineFixture(Path folder) throws Exception {
        conf = folder.resolve("conf");
        java.nio.file.Files.createDirectories(conf);
        engine = new FlowEngine(conf, Clock.systemUTC(), audited::add);
    }

    /** Starts the test bladelets as a provider (an extension, or built-in when {@code extension} is false). */
    BladeletProvider startProvider(String name, String version, boolean extension) throws Exception {
        ExtensionDescriptor descriptor = new BladeletDescriptorReader().read(
                Path.of(EngineFixture.class.getResource("/test-bladelets.xml").toURI()));
        BladeletProvider provider = new BladeletProvider(name, version, extension, descriptor, EngineFixture.class.getClassLoader(),
                conf.getParent().resolve("data").resolve(name), STARTS.incrementAndGet(), Clock.systemUTC());
        engine.registry().add(provider);
        return provider;
    }

    static byte[] flows(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<flows xmlns=\"urn:gatehouse:flows:1\">\n" + body + "</flows>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    void replace(String body) throws Exception {
        engine.replace("flows.xml", flows(body));
    }

    /** Classifies and runs as the data plane does; null when the request takes the fast path. */
    FlowResult send(RequestHead head) throws Exception {
        return send(head, null);
    }

    FlowResult send(RequestHead head, String body) throws Exception {
        MessageTypeMatch match = engine.classify(head);
        if (match == null) {
            return null;
        }
        ByteBuffer content = match.bodyLimit() < 0 ? null
                : ByteBuffer.wrap(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        return match.run(head, content).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static String header(FlowResult.Forward forward, String name) {
        return forward.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    @Override
    public void close() {
        engine.close();
    }
}
