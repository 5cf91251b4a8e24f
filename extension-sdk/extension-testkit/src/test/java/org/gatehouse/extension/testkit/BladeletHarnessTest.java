package org.gatehouse.extension.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.BodyNotDeclaredException;
import org.gatehouse.sdk.message.MessageChanges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BladeletHarnessTest {
    @TempDir
    Path data;

    private BladeletHarness harness;

    @BeforeEach
    void readDescriptor() throws Exception {
        harness = BladeletHarness.fromClassPath();
    }

    @Test
    void aStepRunsOffTheTestThreadWithItsDataFolderLoggerAndCounter() throws Exception {
        try (BladeletUnderTest step = harness.bladelet("visit-log").dataFolder(data).start()) {
            step.process(TestMessage.request("GET", "/a").build());
            StepResult result = step.process(TestMessage.request("GET", "/b").build());
            assertTrue(result.proceeded());
            assertEquals("/a\n/b\n", Files.readString(data.resolve("visits.txt")));
            assertEquals(2, step.counter("visits_total"));
            assertEquals(0, step.counter("never_used"));
            RecordingLogger.Entry last = step.logs().get(1);
            assertEquals(System.Logger.Level.INFO, last.level());
            assertEquals("visit /b on bladelet-visit-log", last.message());
            assertNotEquals(Thread.currentThread().getName(), "bladelet-visit-log");
        }
    }

    @Test
    void aStageThatCompletesLaterWithinTheDeadlineIsFine() throws Exception {
        try (BladeletUnderTest step = harness.bladelet("visit-log").parameter("delay", "100ms").dataFolder(data).start()) {
            assertTrue(step.process(TestMessage.request("GET", "/").build()).proceeded());
        }
    }

    @Test
    void anOverrunFailsTheMessage() throws Exception {
        try (BladeletUnderTest step = harness.bladelet("visit-log").parameter("delay", "5s").deadline(Duration.ofMillis(200))
                .dataFolder(data).start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> step.process(TestMessage.request("GET", "/").build()));
            assertEquals("bladelet 'visit-log' (org.gatehouse.extension.testkit.SampleBladelets$VisitLog).process did not complete "
                    + "within 200 ms; the element fails such a message and counts it against the extension", e.getMessage());
        }
    }

    @Test
    void aThrowFailsTheMessage() throws Exception {
        try (BladeletUnderTest step = harness.bladelet("broken").start()) {
            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> step.process(TestMessage.request("GET", "/").build()));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("broken on purpose", e.getCause().getMessage());
        }
    }

    @Test
    void theBodyIsThereOnlyWhenDeclaredAndWithinItsBound() throws Exception {
        try (BladeletUnderTest declared = harness.bladelet("body-size").start();
             BladeletUnderTest undeclared = harness.bladelet("body-peek").start()) {
            TestMessage post = TestMessage.request("POST", "/").body("0123456789").build();
            assertEquals("10", declared.process(post).message().attributes().get("body.length"));

            BladeletFailedException e = assertThrows(BladeletFailedException.class, () -> undeclared.process(post));
            assertInstanceOf(BodyNotDeclaredException.class, e.getCause());
            assertTrue(e.getCause().getMessage().startsWith("bladelet 'body-peek' reads the message body but its descriptor"));

            TestMessage big = TestMessage.request("POST", "/").body("0123456789abcdefX").build();
            assertEquals("the message body is 17 bytes, more than bladelet 'body-size' declares (max-bytes 16): "
                    + "the element answers 413 before the step runs",
                    assertThrows(IllegalArgumentException.class, () -> declared.process(big)).getMessage());
        }
    }

    @Test
    void parametersAreCheckedAsTheElementChecksThem() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> harness.bladelet("visit-log").parameter("file", "../etc/passwd").parameter("delay", "1m").parameter("colour", "red").start());
        assertEquals(List.of(
                "bladelet 'visit-log' has no parameter 'colour' (declared: [file, delay])",
                "bladelet 'visit-log' parameter 'file': '../etc/passwd' does not match the pattern [a-z]+\\.txt",
                "bladelet 'visit-log' parameter 'delay': '1m' is above the maximum 10s"), e.problems());
        assertEquals("no bladelet 'nope' in the descriptor (declared: [body-size, body-peek, visit-log, broken, token-check, group-check])",
                assertThrows(IllegalArgumentException.class, () -> harness.bladelet("nope")).getMessage());
    }

    @Test
    void authenticatorAndAuthorizer() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        TestMessage message = TestMessage.request("GET", "/admin").build();
        try (BladeletUnderTest authn = harness.bladelet("token-check").parameter("token", "s3cret").clock(clock).start();
             BladeletUnderTest authz = harness.bladelet("group-check").parameter("group", "admins").start()) {
            AuthenticationResult good = authn.authenticate(new Credentials.Bearer("s3cret"), message);
            Identity identity = ((AuthenticationResult.Authenticated) good).identity();
            assertEquals(Identity.of("token-user", "token-check", clock.instant()), identity);
            assertEquals(new AuthenticationResult.Rejected("unknown token", List.of("Bearer realm=\"test\"")),
                    authn.authenticate(new Credentials.Basic("a", "b"), message));
            assertFalse(authn.parameters().toString().contains("s3cret"));

            assertEquals(AuthorizationDecision.deny("token-user is not in admins"), authz.authorize(identity, message));
            Identity admin = new Identity("root", "token-check", Map.of(), List.of("admins"), clock.instant());
            assertEquals(AuthorizationDecision.permit(), authz.authorize(admin, message));

            assertEquals("bladelet 'group-check' is of kind authorizer, not step",
                    assertThrows(IllegalStateException.class, () -> authz.process(message)).getMessage());
        }
    }

    @Test
    void aTemporaryDataFolderGoesAwayOnClose() throws Exception {
        Path folder;
        try (BladeletUnderTest step = harness.bladelet("visit-log").start()) {
            step.process(TestMessage.request("GET", "/").build());
            folder = step.dataFolder();
            assertTrue(Files.exists(folder.resolve("visits.txt")));
        }
        assertFalse(Files.exists(folder));
    }

    @Test
    void aBadDescriptorClassIsReportedAtStart() {
        BladeletHarness wrong = BladeletHarness.of(new org.gatehouse.sdk.descriptor.ExtensionDescriptor(List.of(
                new org.gatehouse.sdk.descriptor.BladeletDescriptor("x", org.gatehouse.sdk.descriptor.BladeletKind.AUTHENTICATOR,
                        SampleBladelets.BodySize.class.getName(), "", org.gatehouse.sdk.descriptor.BodyAccess.NONE, List.of()))),
                getClass().getClassLoader());
        assertTrue(assertThrows(BladeletCreationException.class, () -> wrong.bladelet("x").start()).getMessage()
                .endsWith("does not implement org.gatehouse.sdk.auth.Authenticator, which kind authenticator needs"));
    }

    @Test
    void stepResultsApplyChangesLikeTheEngine() {
        TestMessage before = TestMessage.request("GET", "/v1/a?x=1").header("Host", "api.example").attribute("tenant", "red").build();
        StepResult result = new StepResult(org.gatehouse.sdk.bladelet.StepOutcome.route("canary",
                MessageChanges.builder().path("/v2/a").attribute("tenant", "blue").setHeader("X-Canary", "1").build()), before);
        assertEquals("/v2/a", result.message().path());
        assertEquals("x=1", result.message().query());
        assertEquals(Map.of("x", List.of("1")), result.message().queryParameters());
        assertEquals("blue", result.message().attributes().get("tenant"));
        assertEquals("api.example", result.message().authority());
        assertEquals(java.util.Optional.of("canary"), result.route());
        assertFalse(result.proceeded());
    }
}
