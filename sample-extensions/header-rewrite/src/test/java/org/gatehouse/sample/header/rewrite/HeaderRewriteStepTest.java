package org.gatehouse.sample.header.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletSetup;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.StepResult;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The step run by the test kit with its real descriptor, as the element would run it in a flow. */
class HeaderRewriteStepTest {
    private static final Identity ALICE = new Identity("alice", "ldap-bind",
            Map.of("mail", List.of("alice@example.com"), "department", List.of("ops", "audit")),
            List.of("admins", "ops"), Instant.parse("2026-01-01T00:00:00Z"));

    private BladeletHarness harness;

    @BeforeEach
    void readDescriptor() throws Exception {
        harness = BladeletHarness.fromClassPath();
    }

    private BladeletSetup step() {
        return harness.bladelet("header-rewrite");
    }

    @Test
    void setsPrincipalAndGroupsAndReplacesWhatTheClientSent() throws Exception {
        try (BladeletUnderTest step = step().parameter("principal-header", "X-User").parameter("groups-header", "X-Groups").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/orders")
                    .header("X-User", "root").header("x-user", "admin").header("X-Groups", "wheel").identity(ALICE).build());

            assertTrue(result.proceeded());
            assertEquals(List.of("alice"), result.message().headers().all("X-User"));
            assertEquals(List.of("admins,ops"), result.message().headers().all("X-Groups"));
            assertEquals(1, step.counter("rewritten_total"));
        }
    }

    @Test
    void withoutIdentityTheIdentityHeadersAreStrippedAndTheMessageGoesOn() throws Exception {
        try (BladeletUnderTest step = step().parameter("principal-header", "X-User").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("X-User", "admin").header("Accept", "*/*").build());

            assertTrue(result.proceeded());
            assertFalse(result.message().headers().contains("X-User"));
            assertEquals(List.of("*/*"), result.message().headers().all("Accept"));
        }
    }

    @Test
    void withoutIdentityRejectAnswers403AndChangesNothing() throws Exception {
        try (BladeletUnderTest step = step().parameter("principal-header", "X-User").parameter("without-identity", "reject").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("X-User", "admin").build());

            assertEquals(403, result.response().orElseThrow().status());
            assertEquals(1, step.counter("rejected_total"));
            assertEquals(0, step.counter("rewritten_total"));
        }
    }

    @Test
    void rejectModeLetsAnAuthenticatedMessageThrough() throws Exception {
        try (BladeletUnderTest step = step().parameter("principal-header", "X-User").parameter("without-identity", "reject").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").identity(ALICE).build());

            assertTrue(result.proceeded());
            assertEquals(List.of("alice"), result.message().headers().all("x-user"));
        }
    }

    @Test
    void removesEveryListedHeaderWhateverItsCase() throws Exception {
        try (BladeletUnderTest step = step().parameter("remove", " Authorization , cookie").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("authorization", "Basic YTpi")
                    .header("Cookie", "a=1").header("COOKIE", "b=2").header("Accept", "text/html").build());

            assertEquals(List.of("accept"), List.copyOf(result.message().headers().names()));
        }
    }

    @Test
    void renameMovesEveryFieldInOrderAndReplacesTheTarget() throws Exception {
        try (BladeletUnderTest step = step().parameter("rename", "X-Request-Id:X-Correlation-Id").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("X-Correlation-Id", "old")
                    .header("X-Request-Id", "r1").header("x-request-id", "r2").build());

            assertFalse(result.message().headers().contains("X-Request-Id"));
            assertEquals(List.of("r1", "r2"), result.message().headers().all("X-Correlation-Id"));
        }
    }

    @Test
    void aRemovedHeaderIsNotRenamedBackIn() throws Exception {
        try (BladeletUnderTest step = step().parameter("remove", "X-Debug").parameter("rename", "X-Debug:X-Trace").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("X-Debug", "on").build());

            assertFalse(result.message().headers().contains("X-Debug"));
            assertFalse(result.message().headers().contains("X-Trace"));
        }
    }

    @Test
    void claimsAreCopiedJoinedByTheSeparatorAndAMissingClaimSetsNothing() throws Exception {
        try (BladeletUnderTest step = step().parameter("claim-headers", "mail=X-Mail, department=X-Department, phone=X-Phone")
                .parameter("list-separator", "semicolon").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("X-Phone", "forged").identity(ALICE).build());

            assertEquals(List.of("alice@example.com"), result.message().headers().all("X-Mail"));
            assertEquals(List.of("ops;audit"), result.message().headers().all("X-Department"));
            assertFalse(result.message().headers().contains("X-Phone"), "the client's X-Phone is removed even without the claim");
        }
    }

    @Test
    void aClaimWithAControlCharacterIsNotSetAndIsReported() throws Exception {
        Identity odd = new Identity("bob", "ldap-bind", Map.of("mail", List.of("bob@example.com\u0007")), List.of(), Instant.EPOCH);
        try (BladeletUnderTest step = step().parameter("principal-header", "X-User").parameter("claim-headers", "mail=X-Mail").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").identity(odd).build());

            assertTrue(result.proceeded());
            assertEquals(List.of("bob"), result.message().headers().all("X-User"));
            assertFalse(result.message().headers().contains("X-Mail"));
            assertEquals(1, step.counter("unsafe_values_total"));
            assertEquals(Level.WARNING, step.logs().get(0).level());
            assertTrue(step.logs().get(0).message().contains("header X-Mail not set"), step.logs().toString());
        }
    }

    @Test
    void aMessageWithNothingToChangeGoesOnUnchanged() throws Exception {
        try (BladeletUnderTest step = step().parameter("remove", "X-Debug").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("Accept", "*/*").build());

            assertTrue(result.proceeded());
            assertTrue(result.changes().isEmpty());
            assertEquals(0, step.counter("rewritten_total"));
        }
    }

    @Test
    void aStepWithNothingToDoIsRefusedWhenTheFlowLoads() {
        BladeletCreationException e = assertThrows(BladeletCreationException.class, () -> step().stepName("orders/2").start());
        assertTrue(e.getMessage().contains("bladelet 'header-rewrite' step orders/2 has nothing to do: set at least one of remove, rename,"),
                e.getMessage());
    }

    @Test
    void parametersOutsideTheDomainAreRefusedAsTheElementWould() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> step()
                .parameter("principal-header", "X User").parameter("rename", "A-B").parameter("without-identity", "allow").start());
        assertEquals(List.of(
                "bladelet 'header-rewrite' parameter 'rename': 'A-B' does not match the pattern "
                        + "\\s*[A-Za-z0-9-]{1,64}\\s*:\\s*[A-Za-z0-9-]{1,64}(\\s*,\\s*[A-Za-z0-9-]{1,64}\\s*:\\s*[A-Za-z0-9-]{1,64}){0,31}\\s*",
                "bladelet 'header-rewrite' parameter 'principal-header': 'X User' does not match the pattern [A-Za-z0-9-]{1,64}",
                "bladelet 'header-rewrite' parameter 'without-identity': 'allow' is not one of [strip, reject]"), e.problems());
    }
}
