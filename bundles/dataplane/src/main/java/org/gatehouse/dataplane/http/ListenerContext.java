package org.gatehouse.dataplane.http;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.gatehouse.dataplane.routing.RoutingSnapshot;
import org.gatehouse.dataplane.spi.MessageProcessor;

/**
 * What every connection of one listener shares: the listener's name (routes filter on it), the
 * scheme it serves ({@code http} or {@code https}, for X-Forwarded-Proto), and the live routing
 * snapshot, read once per request so a configuration change applies to the next request, the
 * message processor (the flow engine) in service now, or null, and the engine's traffic counters
 * with this listener's request counter taken from them once.
 */
public record ListenerContext(String name, String scheme, Supplier<RoutingSnapshot> snapshot,
                              Supplier<MessageProcessor> processor, TrafficCounters traffic, LongAdder requests) {

    /** A listener counting into {@code traffic}. */
    public ListenerContext(String name, String scheme, Supplier<RoutingSnapshot> snapshot,
                           Supplier<MessageProcessor> processor, TrafficCounters traffic) {
        this(name, scheme, snapshot, processor, traffic, traffic.listener(name));
    }

    /** A listener with no message processor and counters of its own: every request takes the fast path. */
    public ListenerContext(String name, String scheme, Supplier<RoutingSnapshot> snapshot) {
        this(name, scheme, snapshot, () -> null, new TrafficCounters());
    }
}
