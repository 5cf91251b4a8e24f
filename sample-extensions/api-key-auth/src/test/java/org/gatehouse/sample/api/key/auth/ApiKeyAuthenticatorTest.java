package org.gatehouse.sample.api.key.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletSetup;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.RecordingLogger;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.ManualClock;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authenticator run by the test kit with its real descriptor and a keys file in a real data folder. */
class ApiKeyAuthenticatorTest {
    static final String BILLING_KEY = "gh_live_7Qm2vX9pLk4rT8sW";
    static final String REPORTS_KEY = "gh_live_Zr5nB1cY6dF3hJ0q";
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path data;

    private final ManualClock clock = new ManualClock(START);
    private BladeletHarness harness;

    @BeforeEach
    void writeKeysFile() throws Exception {
        harness = BladeletHarness.fromClassPath();
        writeKeys("# issued 2026-02-27\n"
                + line("billing-1", BILLING_KEY, "billing-service", "payments,reports") + "\r\n"
                + "\n"
                + line("reports-1", REPORTS_KEY, "reports-service", null) + "\n");
    }

    static String line(String id, String key, String principal, String groups) {
        String hex = HexFormat.of().formatHex(ApiKeyFile.digestOf(key));
        return id + ":" + hex + ":" + principal + (groups == null ? "" : ":" + groups);
    }

    private void writeKeys(String content) throws Exception {
        Files.writeString(data.resolve("api-keys.txt"), content);
    }

    private BladeletSetup authenticator() {
        return harness.bladelet("api-key-auth").dataFolder(data).clock(clock);
    }

    private static TestMessage withHeader(String name, String value) {
        return TestMessage.request("GET", "/invoices").header(name, value).build();
    }

    private static final Credentials NONE_FOUND = new Credentials.Custom("none", Map.of());

    @Test
    void aListedKeyInTheHeaderIsItsPrincipalWithGroupsAndKeyId() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY));

            Identity identity = assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity();
            assertEquals(new Identity("billing-service", "api-key", Map.of("api-key-id", List.of("billing-1")),
                    List.of("payments", "reports"), START), identity);
            assertEquals(1, auth.counter("authenticated_total"));
        }
    }

    @Test
    void aKeyAsBearerTokenIsAccepted() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Bearer(REPORTS_KEY), TestMessage.request("GET", "/").build());

            Identity identity = assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity();
            assertEquals("reports-service", identity.principal());
            assertEquals(List.of(), identity.groups());
        }
    }

    @Test
    void bearerIsRefusedWhenNotAcceptedAndTheChallengeSaysWhereTheKeyGoes() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("accept-bearer", "false").parameter("realm", "billing api").start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Bearer(REPORTS_KEY), TestMessage.request("GET", "/").build());

            assertEquals(new AuthenticationResult.Rejected("no API key in the message",
                    List.of("ApiKey realm=\"billing api\", header=\"X-Api-Key\"")), result);
        }
    }

    @Test
    void customCredentialsWithAKeyFieldAreUsedFirst() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Custom("api-key", Map.of("key", BILLING_KEY)),
                    withHeader("X-Api-Key", "something-else"));

            assertEquals("billing-service", assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity().principal());
        }
    }

    @Test
    void aOneValueCredentialLocationGivesTheKeyAsItsValueField() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(new Credentials.Custom("api-key", Map.of("value", REPORTS_KEY)),
                    TestMessage.request("GET", "/").build());

            assertEquals("reports-service", assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity().principal());
        }
    }

    @Test
    void theHeaderNameComesFromTheFlow() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("header", "X-Client-Key").start()) {
            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(NONE_FOUND, withHeader("x-client-key", BILLING_KEY)));
            assertInstanceOf(AuthenticationResult.Rejected.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY)));
        }
    }

    @Test
    void anUnknownKeyIsRejectedWithBothChallenges() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY + "x"));

            assertEquals(new AuthenticationResult.Rejected("unknown API key",
                    List.of("ApiKey realm=\"api\", header=\"X-Api-Key\"", "Bearer realm=\"api\"")), result);
            assertEquals(1, auth.counter("rejected_total"));
        }
    }

    @Test
    void twoKeysInOneMessageAreRejected() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            TestMessage message = TestMessage.request("GET", "/").header("X-Api-Key", BILLING_KEY).header("X-Api-Key", REPORTS_KEY).build();

            AuthenticationResult result = auth.authenticate(NONE_FOUND, message);

            assertEquals("several API keys in the message (2 X-Api-Key fields)",
                    assertInstanceOf(AuthenticationResult.Rejected.class, result).reason());
        }
    }

    @Test
    void anOverlongKeyIsRejectedWithoutHashing() throws Exception {
        try (BladeletUnderTest auth = authenticator().start()) {
            AuthenticationResult result = auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", "k".repeat(1025)));

            assertEquals("API key is empty or longer than 1024 characters",
                    assertInstanceOf(AuthenticationResult.Rejected.class, result).reason());
        }
    }

    @Test
    void anAddedKeyIsAcceptedOnceTheReloadIntervalHasPassed() throws Exception {
        String newKey = "gh_live_Nw8kQ2tR7mV4xP1s";
        try (BladeletUnderTest auth = authenticator().parameter("reload-interval", "5s").start()) {
            writeKeys(line("billing-1", BILLING_KEY, "billing-service", null) + "\n" + line("new-1", newKey, "new-service", "beta") + "\n");

            clock.advance(Duration.ofMillis(4999));
            assertInstanceOf(AuthenticationResult.Rejected.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", newKey)),
                    "the file is not checked again before the interval");
            clock.advance(Duration.ofMillis(1));
            AuthenticationResult result = auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", newKey));

            assertEquals("new-service", assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity().principal());
            assertEquals(1, auth.counter("reloads_total"));
            assertTrue(auth.logs().stream().anyMatch(e -> e.level() == Level.INFO && e.message().endsWith("reloaded: 2 keys")), auth.logs()::toString);
        }
    }

    @Test
    void aKeyRemovedFromTheFileIsRevoked() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("reload-interval", "0ms").start()) {
            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", REPORTS_KEY)));

            writeKeys(line("billing-1", BILLING_KEY, "billing-service", null) + "\n");

            assertInstanceOf(AuthenticationResult.Rejected.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", REPORTS_KEY)));
            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY)));
        }
    }

    @Test
    void aMalformedEditKeepsThePreviousKeysAndIsReportedOnce() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("reload-interval", "0ms").start()) {
            writeKeys(line("billing-1", BILLING_KEY, "billing-service", null) + "\nreports-1:not-a-digest:reports-service\n");

            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", REPORTS_KEY)));
            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", REPORTS_KEY)));

            assertEquals(1, auth.counter("reload_failures_total"));
            List<RecordingLogger.Entry> errors = auth.logs().stream().filter(e -> e.level() == Level.ERROR).toList();
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).message().contains("api-keys.txt:2: not key-id:sha256-hex:principal"), errors.get(0).message());
        }
    }

    @Test
    void aRemovedFileRevokesEveryKey() throws Exception {
        try (BladeletUnderTest auth = authenticator().parameter("reload-interval", "0ms").start()) {
            Files.delete(data.resolve("api-keys.txt"));

            assertInstanceOf(AuthenticationResult.Rejected.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY)));
            assertTrue(auth.logs().stream().anyMatch(e -> e.message().endsWith("was removed: every API key is now rejected")));
        }
    }

    @Test
    void withoutAFileEverythingIsRejectedUntilItAppears() throws Exception {
        Files.delete(data.resolve("api-keys.txt"));
        try (BladeletUnderTest auth = authenticator().start()) {
            assertEquals(Level.WARNING, auth.logs().get(0).level());
            assertInstanceOf(AuthenticationResult.Rejected.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY)));

            writeKeys(line("billing-1", BILLING_KEY, "billing-service", null));
            clock.advance(Duration.ofSeconds(5));

            assertInstanceOf(AuthenticationResult.Authenticated.class, auth.authenticate(NONE_FOUND, withHeader("X-Api-Key", BILLING_KEY)));
        }
    }

    @Test
    void aMalformedFileAtStartRefusesTheFlowNamingFileAndLine() throws Exception {
        writeKeys("# keys\n" + line("a", BILLING_KEY, "a-service", null) + "\n" + line("a", REPORTS_KEY, "b-service", null) + "\n");

        BladeletCreationException e = assertThrows(BladeletCreationException.class, () -> authenticator().start());

        assertTrue(e.getMessage().endsWith(data.resolve("api-keys.txt") + ":3: key id 'a' appears twice"), e.getMessage());
    }

    @Test
    void theKeysFileCannotBeAPath() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> authenticator().parameter("keys-file", "../other-extension/keys.txt").start());
        assertEquals(List.of("bladelet 'api-key-auth' parameter 'keys-file': '../other-extension/keys.txt' does not match the pattern "
                + "[A-Za-z0-9][A-Za-z0-9._-]{0,127}"), e.problems());
    }

    @Test
    void theEntryMatchingTheDigestIsFoundAmongMany() {
        List<ApiKeyEntry> entries = List.of(
                new ApiKeyEntry("a", ApiKeyFile.digestOf("key-a"), "a", List.of()),
                new ApiKeyEntry("b", ApiKeyFile.digestOf("key-b"), "b", List.of()),
                new ApiKeyEntry("c", ApiKeyFile.digestOf("key-c"), "c", List.of()));

        assertEquals("b", ApiKeyAuthenticator.find(ApiKeyFile.digestOf("key-b"), entries).orElseThrow().keyId());
        assertFalse(ApiKeyAuthenticator.find(ApiKeyFile.digestOf("key-d"), entries).isPresent());
    }
}
