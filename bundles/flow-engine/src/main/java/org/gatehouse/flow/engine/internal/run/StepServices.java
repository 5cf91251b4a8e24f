package org.gatehouse.flow.engine.internal.run;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.extension.services.ElementOutboundHttp;
import org.gatehouse.extension.services.OutboundGate;
import org.gatehouse.extension.services.StrictJson;
import org.gatehouse.sandbox.bridge.Privileged;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.json.Json;

/**
 * What the engine gives every bladelet besides its own things: the clock, the outbound HTTP client
 * and JSON (docs/extensions.md "Services the element offers"). Made by platform code when the
 * flow engine starts, so the HTTP client's selector and worker threads are the element's; closed
 * when it stops.
 *
 * <p>The HTTP client is a deputy: a request from any stack leaves only through {@link #gate},
 * which first checks {@code socket host:port connect,resolve} against the caller's whole stack, as
 * a socket the extension opened itself would be checked, and only then crosses the privileged
 * boundary for the client's own work. An extension gets nothing it could not do itself; it is
 * spared only the grants for the client's threads. The call waits on the caller's thread (a
 * step's, inside its deadline); the client's two worker threads are shared and never the
 * extension's.
 */
public final class StepServices implements AutoCloseable {
    private static final AtomicInteger WORKERS = new AtomicInteger();
    private static StepServices shared;

    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final OutboundHttp http;
    private final Json json = new StrictJson();

    public StepServices(Clock clock) {
        this.clock = clock;
        this.workers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread worker = new Thread(task, "gatehouse-outbound-http-" + WORKERS.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        workers.prestartAllCoreThreads();
        HttpClient client = ElementOutboundHttp.sharedClient(workers);
        OutboundGate gate = StepServices::gate;
        this.http = new ElementOutboundHttp(client, gate);
    }

    /**
     * One instance for the process, for sources made without the engine's own (a test's engine
     * and steps); never closed, its threads are daemons.
     */
    static synchronized StepServices shared(Clock clock) {
        if (shared == null) {
            shared = new StepServices(Clock.systemUTC());
        }
        return clock.equals(shared.clock) ? shared : shared.withClock(clock);
    }

    private StepServices(Clock clock, StepServices services) {
        this.clock = clock;
        this.workers = services.workers;
        this.http = services.http;
    }

    private StepServices withClock(Clock other) {
        return new StepServices(other, this);
    }

    /** The permission check on the caller's stack, then the client's work behind the boundary. */
    private static <T> T gate(String host, int port, Callable<T> exchange) throws Exception {
        SandboxBridge.check("socket", host + ":" + port, "connect,resolve");
        return Privileged.call(exchange);
    }

    public Clock clock() {
        return clock;
    }

    public OutboundHttp http() {
        return http;
    }

    public Json json() {
        return json;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
