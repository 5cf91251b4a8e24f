package org.gatehouse.management.testing;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.dataplane.spi.ChannelView;

/**
 * A {@link DataPlane} that reports one listener and fixed counters; the real data plane is wired
 * end to end in itest/ (and behind {@code /metrics} in {@code MetricsOverRealComponentsTest}).
 */
public final class FixedDataPlane implements DataPlane {
    @Override
    public long generation() {
        return 2;
    }

    @Override
    public String elementName() {
        return "edge-1";
    }

    @Override
    public Map<String, InetSocketAddress> boundAddresses() {
        return Map.of("public", new InetSocketAddress("127.0.0.1", 8080));
    }

    @Override
    public InetSocketAddress demoUpstreamAddress() {
        return null;
    }

    @Override
    public Map<String, Long> listenerRequests() {
        return Map.of("public", 12L);
    }

    @Override
    public Map<String, Map<String, Long>> upstreamOutcomes() {
        return Map.of("all", Map.of("response", 11L, "upstream_timeout", 1L));
    }

    @Override
    public Map<String, Map<String, Boolean>> memberHealth() {
        return Map.of("web", Map.of("127.0.0.1:8081", true, "127.0.0.1:8082", false));
    }

    /** One open channel, as the channel gateway would report it. */
    @Override
    public List<ChannelView> openChannels() {
        return List.of(new ChannelView("ingress", 3, "CN=edge-2,O=Example", "spiffe://example.org/billing/api", "orders", 8443, "orders-read",
                Instant.parse("2026-12-07T21:00:00Z"), "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", 120, 340, 2, 3));
    }
}
