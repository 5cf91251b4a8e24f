package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.junit.jupiter.api.Test;

class FanOutAuditSinkTest {
    @Test
    void aFailingSinkNeitherStopsTheOthersNorReachesTheCallerAndIsCounted() {
        FanOutAuditSink fanOut = new FanOutAuditSink();
        List<AuditEvent> file = new ArrayList<>();
        List<AuditEvent> service = new ArrayList<>();
        fanOut.useFile(file::add);
        fanOut.add(event -> {
            throw new IllegalStateException("disk full");
        });
        fanOut.add(service::add);
        AuditEvent denial = new AuditEvent(Instant.now(), AuditEvent.SANDBOX_DENIED, "ext:x/1.0.0", "denied", List.of());

        fanOut.record(denial);

        assertEquals(List.of(denial), file);
        assertEquals(List.of(denial), service);
        assertEquals(1, fanOut.failures());
    }

    @Test
    void theFileComesFirstSoNothingConfigurableStandsBeforeIt() {
        FanOutAuditSink fanOut = new FanOutAuditSink();
        List<String> order = new ArrayList<>();
        AuditSink file = event -> order.add("file");
        fanOut.useFile(file);
        fanOut.add(event -> order.add("service"));

        fanOut.record(new AuditEvent(Instant.now(), AuditEvent.POLICY_SWAP, "system", "generation 2", List.of()));

        assertEquals(List.of("file", "service"), order);
    }
}
