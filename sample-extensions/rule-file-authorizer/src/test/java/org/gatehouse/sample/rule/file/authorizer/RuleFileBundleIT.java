package org.gatehouse.sample.rule.file.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.SampleBundleCheck;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, as an admin uploads it: a bundle that resolves against the SDK alone and runs from the jar. */
class RuleFileBundleIT {
    private final SampleBundleCheck bundle = SampleBundleCheck.fromSystemProperty();

    @TempDir
    Path data;

    @Test
    void isAnExtensionBundle() {
        bundle.assertExtensionBundle("org.gatehouse.sample.rule-file-authorizer");
    }

    @Test
    void resolvesInFelixWithOnlyTheSdk() throws Exception {
        bundle.assertResolvesAgainstTheSdkAlone(RuleFileAuthorizer.class.getName(), Authorizer.class);
    }

    @Test
    void runsFromTheJar() throws Exception {
        Files.writeString(data.resolve("access-rules.txt"), RuleFileAuthorizerTest.RULES);
        try (BladeletUnderTest authorizer = BladeletHarness.fromJar(bundle.jar()).bladelet("rule-file-authorizer").dataFolder(data).start()) {
            TestMessage status = TestMessage.request("GET", "/status").build();
            assertEquals(AuthorizationDecision.permit(), authorizer.authorize(RuleFileAuthorizerTest.OLIVER, status));
            TestMessage admin = TestMessage.request("GET", "/admin").build();
            assertInstanceOf(AuthorizationDecision.Deny.class, authorizer.authorize(RuleFileAuthorizerTest.ALICE, admin));
        }
    }
}
