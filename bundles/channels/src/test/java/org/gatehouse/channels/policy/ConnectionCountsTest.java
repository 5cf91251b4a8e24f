package org.gatehouse.channels.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gatehouse.channels.identity.InstanceIdentity;
import org.junit.jupiter.api.Test;

/** Channels racing for the last places of a limit get exactly as many leases as there are places. */
class ConnectionCountsTest {
    private static final String POLICY = """
            <channel-policy xmlns="urn:gatehouse:channel-policy:1">
              <identity name="any"><spiffe id="spiffe://example.org" match="path-prefix"/></identity>
              <service name="cache" host="cache.internal"><port number="6379" protocol="tcp"/></service>
              <rule name="cache" answer="enable"><from identity="any"/><to service="cache"/><limits per-rule="5" per-source="3"/></rule>
            </channel-policy>
            """;

    @Test
    void racingChannelsNeverPassTheLimits() throws Exception {
        ChannelPolicy policy = ChannelPolicyReader.parse("channel-policy.xml", POLICY.getBytes(StandardCharsets.UTF_8));
        ConnectionCounts counts = new ConnectionCounts();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<ConnectionCounts.Lease>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                InstanceIdentity source = InstanceIdentity.ofSpiffeId("spiffe://example.org/worker-" + (i % 2));
                results.add(pool.submit(() -> {
                    start.await();
                    ChannelDecision decision = policy.decide(ChannelRequest.of(Side.EGRESS, source, "cache", 6379, Protocol.TCP,
                            Clock.systemUTC(), counts));
                    return decision.enabled() ? counts.acquire(decision) : Optional.<ConnectionCounts.Lease>empty();
                }));
            }
            start.countDown();
            List<ConnectionCounts.Lease> leases = new ArrayList<>();
            for (Future<Optional<ConnectionCounts.Lease>> result : results) {
                result.get(60, TimeUnit.SECONDS).ifPresent(leases::add);
            }
            assertEquals(5, leases.size(), "per-rule 5");
            assertEquals(5, counts.ofRule("cache"));
            int worker0 = counts.ofSource("cache", "spiffe://example.org/worker-0");
            int worker1 = counts.ofSource("cache", "spiffe://example.org/worker-1");
            assertEquals(5, worker0 + worker1);
            assertTrue(worker0 <= 3 && worker1 <= 3, "per-source 3: " + worker0 + " and " + worker1);
            leases.forEach(ConnectionCounts.Lease::close);
            assertEquals(0, counts.ofRule("cache"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeniedChannelIsNotCounted() throws Exception {
        ChannelPolicy policy = ChannelPolicyReader.parse("channel-policy.xml", POLICY.getBytes(StandardCharsets.UTF_8));
        ConnectionCounts counts = new ConnectionCounts();
        ChannelDecision denied = policy.decide(ChannelRequest.of(Side.EGRESS, InstanceIdentity.ofSpiffeId("spiffe://other.org/x"), "cache", 6379,
                Protocol.TCP, Clock.systemUTC(), counts));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> counts.acquire(denied));
        assertEquals("a denied channel is not counted: denied [default] rule [default] side [egress] source [spiffe://other.org/x]", e.getMessage());
        assertEquals(0, counts.ofRule("default"));
    }

    @Test
    void countsCarryOverAReloadedPolicyByRuleName() throws Exception {
        ConnectionCounts counts = new ConnectionCounts();
        InstanceIdentity source = InstanceIdentity.ofSpiffeId("spiffe://example.org/a");
        ChannelPolicy before = ChannelPolicyReader.parse("channel-policy.xml", POLICY.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            counts.acquire(before.decide(ChannelRequest.of(Side.EGRESS, source, "cache", 6379, Protocol.TCP, Clock.systemUTC(), counts)))
                    .orElseThrow();
        }
        ChannelPolicy after = ChannelPolicyReader.parse("channel-policy.xml",
                POLICY.replace("per-source=\"3\"", "per-source=\"2\"").getBytes(StandardCharsets.UTF_8));
        ChannelDecision decision = after.decide(ChannelRequest.of(Side.EGRESS, source, "cache", 6379, Protocol.TCP,
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), counts));
        assertEquals(ChannelDecision.Reason.CONNECTION_LIMIT, decision.reason(), "the three open channels still count under the lower limit");
    }
}
