package org.gatehouse.management.testing;

import java.net.InetSocketAddress;
import java.util.Map;
import org.gatehouse.dataplane.DataPlane;

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
}
