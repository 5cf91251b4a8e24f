package org.gatehouse.sample.header.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.SampleBundleCheck;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.junit.jupiter.api.Test;

/** The packaged jar, as an admin uploads it: a bundle that resolves against the SDK alone and runs from the jar. */
class HeaderRewriteBundleIT {
    private final SampleBundleCheck bundle = SampleBundleCheck.fromSystemProperty();

    @Test
    void isAnExtensionBundle() {
        bundle.assertExtensionBundle("org.gatehouse.sample.header-rewrite");
    }

    @Test
    void resolvesInFelixWithOnlyTheSdk() throws Exception {
        bundle.assertResolvesAgainstTheSdkAlone(HeaderRewriteStep.class.getName(), Bladelet.class);
    }

    @Test
    void runsFromTheJar() throws Exception {
        try (BladeletUnderTest step = BladeletHarness.fromJar(bundle.jar()).bladelet("header-rewrite")
                .parameter("rename", "X-A:X-B").start()) {
            assertEquals(List.of("1"), step.process(TestMessage.request("GET", "/").header("X-A", "1").build()).message().headers().all("X-B"));
        }
    }
}
