package org.gatehouse.dataplane;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.gatehouse.dataplane.spi.ChannelView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running data plane, registered as an OSGi service once every listener is bound. Lets the
 * management plane and integration tests see which configuration is live and where each
 * listener actually listens (a listener configured with port 0 gets an ephemeral port).
 *
 * <pre>{@code
 * InetSocketAddress web = dataPlane.boundAddresses().get("public");
 * }</pre>
 */
@ProviderType
public interface DataPlane {

    /** Counts applied configurations: 1 after start-up, then one more per applied change. */
    long generation();

    /** The {@code name} attribute of the live configuration. */
    String elementName();

    /** Listener name to the socket address it is bound to, in document order. */
    Map<String, InetSocketAddress> boundAddresses();

    /**
     * Where the demo upstream listens, or null when the configuration has none or its bundle
     * ({@code org.gatehouse.demo-upstream}) is not installed.
     */
    InetSocketAddress demoUpstreamAddress();

    /**
     * HTTP and HTTPS requests received so far by listener name, sorted; a listener keeps its count
     * across configuration changes. TCP listeners relay connections, not requests, and are not here.
     */
    Map<String, Long> listenerRequests();

    /**
     * Per HTTP and HTTPS listener, sorted by name: how long its answers took and their status
     * classes (docs/management.md "Metrics"). Empty from a data plane that does not time them.
     */
    default Map<String, ResponseTimings> responseTimings() {
        return Map.of();
    }

    /**
     * How exchanges with each route's upstream ended so far: route name to outcome to count, both
     * sorted. Outcomes: {@code response} (the answer reached the client whole), {@code aborted} (cut
     * short after it started), or the error code the client got instead ({@code upstream_unavailable},
     * {@code upstream_timeout}, {@code upstream_closed}).
     */
    Map<String, Map<String, Long>> upstreamOutcomes();

    /**
     * Requests and connections refused before anything reached an upstream, by listener name then
     * error code, both sorted: {@code request_timeout} (a slow client: a head not complete in time,
     * or a body that stopped), {@code bad_framing}, {@code bad_target}, {@code bad_host},
     * {@code http_version_not_supported}, {@code unsupported_transfer_coding}, ...
     */
    default Map<String, Map<String, Long>> refusedRequests() {
        return Map.of();
    }

    /**
     * Whether each pool member is healthy now (docs/data-plane.md "Forwarding": an upstream that is down is surfaced in
     * metrics): pool name to member ({@code address:port}) to healthy, pools in name order, members
     * as configured. A member is healthy until its health check has failed {@code unhealthy-after} times.
     */
    Map<String, Map<String, Boolean>> memberHealth();

    /** The channels open at this element, both sides (docs/channels.md "In the element"); none without a channel gateway. */
    default List<ChannelView> openChannels() {
        return List.of();
    }
}
