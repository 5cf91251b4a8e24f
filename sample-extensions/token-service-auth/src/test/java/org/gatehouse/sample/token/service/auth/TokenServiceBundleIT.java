package org.gatehouse.sample.token.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.SampleBundleCheck;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.identity.Credentials;
import org.junit.jupiter.api.Test;

/** The packaged jar, as an admin uploads it: a bundle that resolves against the SDK alone and runs from the jar. */
class TokenServiceBundleIT {
    private final SampleBundleCheck bundle = SampleBundleCheck.fromSystemProperty();

    @Test
    void isAnExtensionBundle() {
        bundle.assertExtensionBundle("org.gatehouse.sample.token-service-auth");
    }

    @Test
    void resolvesInFelixWithOnlyTheSdk() throws Exception {
        bundle.assertResolvesAgainstTheSdkAlone(TokenServiceAuthenticator.class.getName(), Authenticator.class);
    }

    @Test
    void runsFromTheJarAgainstALoopbackService() throws Exception {
        try (TokenServiceOnLoopback service = new TokenServiceOnLoopback()
                .reply("tok-jar", TokenServiceOnLoopback.Reply.json("{\"active\":true,\"sub\":\"jar-user\"}"));
             BladeletUnderTest auth = BladeletHarness.fromJar(bundle.jar()).bladelet("token-service-auth")
                     .parameter("service-url", service.url()).start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Bearer("tok-jar"), TestMessage.request("GET", "/").build());
            assertEquals("jar-user", assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity().principal());
        }
    }
}
