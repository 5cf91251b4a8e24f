package org.gatehouse.sample.api.key.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.SampleBundleCheck;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.identity.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, as an admin uploads it: a bundle that resolves against the SDK alone and runs from the jar. */
class ApiKeyBundleIT {
    private final SampleBundleCheck bundle = SampleBundleCheck.fromSystemProperty();

    @TempDir
    Path data;

    @Test
    void isAnExtensionBundle() {
        bundle.assertExtensionBundle("org.gatehouse.sample.api-key-auth");
    }

    @Test
    void resolvesInFelixWithOnlyTheSdk() throws Exception {
        bundle.assertResolvesAgainstTheSdkAlone(ApiKeyAuthenticator.class.getName(), Authenticator.class);
    }

    @Test
    void runsFromTheJar() throws Exception {
        Files.writeString(data.resolve("api-keys.txt"), ApiKeyAuthenticatorTest.line("k", "key-from-jar-test", "jar-service", null));
        try (BladeletUnderTest auth = BladeletHarness.fromJar(bundle.jar()).bladelet("api-key-auth").dataFolder(data).start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Custom("none", Map.of()),
                    TestMessage.request("GET", "/").header("X-Api-Key", "key-from-jar-test").build());
            assertEquals("jar-service", assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity().principal());
        }
    }
}
