package org.gatehouse.dataplane.http;

import java.util.function.Supplier;
import org.gatehouse.dataplane.routing.RoutingSnapshot;
import org.gatehouse.dataplane.spi.MessageProcessor;

/**
 * What every connection of one listener shares: the listener's name (routes filter on it), the
 * scheme it serves ({@code http} or {@code https}, for X-Forwarded-Proto), and the live routing
 * snapshot, read once per request so a configuration change applies to the next request, and the
 * message processor (the flow engine) in service now, or null.
 */
public record ListenerContext(String name, String scheme, Supplier<RoutingSnapshot> snapshot,
                              Supplier<MessageProcessor> processor) {

    /** A listener with no message processor: every request takes the fast path. */
    public ListenerContext(String name, String scheme, Supplier<RoutingSnapshot> snapshot) {
        this(name, scheme, snapshot, () -> null);
    }
}
