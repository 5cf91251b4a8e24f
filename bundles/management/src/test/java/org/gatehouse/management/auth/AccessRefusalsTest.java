package org.gatehouse.management.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Refusals: every one counted, one line per reason and interval, with the number left unlogged. */
class AccessRefusalsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> lines = new ArrayList<>();
    private final AccessRefusals refusals = new AccessRefusals(now::get, lines::add);

    @Test
    void aBurstIsCountedWholeAndLoggedOncePerInterval() {
        for (int i = 0; i < 1000; i++) {
            refusals.record(AccessRefusals.Reason.INVALID_TOKEN, "peer " + i + ": the bearer token is not valid");
        }
        refusals.record(AccessRefusals.Reason.NO_CREDENTIALS, "peer: authentication required");
        assertEquals(List.of("management request refused (invalid_token): peer 0: the bearer token is not valid",
                "management request refused (no_credentials): peer: authentication required"), lines);

        now.addAndGet(TimeUnit.SECONDS.toNanos(AccessRefusals.LOG_INTERVAL_SECONDS));
        refusals.record(AccessRefusals.Reason.INVALID_TOKEN, "peer 1000: the bearer token is not valid");
        assertEquals("management request refused (invalid_token): peer 1000: the bearer token is not valid"
                + " (and 999 more refused for this reason, not logged)", lines.get(2));
        assertEquals(1001L, refusals.counts().get("invalid_token"));
        assertEquals(1L, refusals.counts().get("no_credentials"));
        assertEquals(0L, refusals.counts().get("role_refused"));
    }
}
