package org.gatehouse.sample.rate.limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.SampleBundleCheck;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.junit.jupiter.api.Test;

/** The packaged jar, as an admin uploads it: a bundle that resolves against the SDK alone and runs from the jar. */
class RateLimiterBundleIT {
    private final SampleBundleCheck bundle = SampleBundleCheck.fromSystemProperty();

    @Test
    void isAnExtensionBundle() {
        bundle.assertExtensionBundle("org.gatehouse.sample.rate-limiter");
    }

    @Test
    void resolvesInFelixWithOnlyTheSdk() throws Exception {
        bundle.assertResolvesAgainstTheSdkAlone(RateLimiterStep.class.getName(), Bladelet.class);
    }

    @Test
    void runsFromTheJar() throws Exception {
        try (BladeletUnderTest step = BladeletHarness.fromJar(bundle.jar()).bladelet("rate-limiter")
                .parameter("rate", "1").parameter("period", "1h").parameter("burst", "1").start()) {
            assertTrue(step.process(TestMessage.request("GET", "/").build()).proceeded());
            assertEquals(429, step.process(TestMessage.request("GET", "/").build()).response().orElseThrow().status());
        }
    }
}
