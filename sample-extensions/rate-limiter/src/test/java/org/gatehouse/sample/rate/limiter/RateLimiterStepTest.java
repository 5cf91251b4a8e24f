package org.gatehouse.sample.rate.limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletSetup;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.StepResult;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sample.bundle.checks.ManualClock;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The step run by the test kit with its real descriptor and a clock the test moves. */
class RateLimiterStepTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T12:00:00Z"));
    private BladeletHarness harness;

    @BeforeEach
    void readDescriptor() throws Exception {
        harness = BladeletHarness.fromClassPath();
    }

    private BladeletSetup limiter(String rate, String period, String burst) {
        return harness.bladelet("rate-limiter").clock(clock).parameter("rate", rate).parameter("period", period).parameter("burst", burst);
    }

    private static TestMessage from(String address) throws Exception {
        return TestMessage.request("GET", "/").remoteAddress(new InetSocketAddress(InetAddress.getByName(address), 40000)).build();
    }

    @Test
    void theBurstPassesThenTheClientGets429WithRetryAfter() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1s", "3").start()) {
            for (int i = 0; i < 3; i++) {
                assertTrue(step.process(from("192.0.2.10")).proceeded(), "request " + i);
            }
            Response response = step.process(from("192.0.2.10")).response().orElseThrow();

            assertEquals(429, response.status());
            assertEquals(List.of("1"), response.headers().all("Retry-After"));
            assertEquals("rate limit exceeded, retry in 1 s\n", response.body().text());
            assertEquals(3, step.counter("allowed_total"));
            assertEquals(1, step.counter("limited_total"));
        }
    }

    @Test
    void tokensComeBackAtTheRateAndNeverBeyondTheBurst() throws Exception {
        try (BladeletUnderTest step = limiter("2", "1s", "2").start()) {
            step.process(from("192.0.2.10"));
            step.process(from("192.0.2.10"));
            assertEquals(429, step.process(from("192.0.2.10")).response().orElseThrow().status());

            clock.advance(Duration.ofMillis(500));
            assertTrue(step.process(from("192.0.2.10")).proceeded(), "half a second gives one of two tokens per second");
            assertEquals(429, step.process(from("192.0.2.10")).response().orElseThrow().status());

            clock.advance(Duration.ofHours(5));
            assertTrue(step.process(from("192.0.2.10")).proceeded());
            assertTrue(step.process(from("192.0.2.10")).proceeded());
            assertEquals(429, step.process(from("192.0.2.10")).response().orElseThrow().status(), "a long pause fills only up to the burst");
        }
    }

    @Test
    void retryAfterIsTheWaitForTheNextTokenRoundedUpToSeconds() throws Exception {
        try (BladeletUnderTest step = limiter("1", "10s", "1").start()) {
            step.process(from("192.0.2.10"));
            assertEquals(List.of("10"), step.process(from("192.0.2.10")).response().orElseThrow().headers().all("Retry-After"));

            clock.advance(Duration.ofMillis(3500));
            assertEquals(List.of("7"), step.process(from("192.0.2.10")).response().orElseThrow().headers().all("Retry-After"));

            clock.advance(Duration.ofMillis(6499));
            assertEquals(List.of("1"), step.process(from("192.0.2.10")).response().orElseThrow().headers().all("Retry-After"),
                    "one millisecond left is still a second to wait, never 0");
        }
    }

    @Test
    void eachClientAddressHasItsOwnBucketWhateverItsPort() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1m", "1").start()) {
            assertTrue(step.process(from("192.0.2.10")).proceeded());
            assertTrue(step.process(from("2001:db8::7")).proceeded());
            TestMessage otherPort = from("192.0.2.10").toBuilder()
                    .remoteAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 40001)).build();
            assertEquals(429, step.process(otherPort).response().orElseThrow().status());
        }
    }

    @Test
    void aHeaderValueCanBeTheKey() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1m", "1").parameter("key", "header").parameter("key-header", "X-Tenant").start()) {
            assertTrue(step.process(TestMessage.request("GET", "/").header("X-Tenant", "blue").build()).proceeded());
            assertTrue(step.process(TestMessage.request("GET", "/").header("X-Tenant", "green").build()).proceeded());
            assertEquals(429, step.process(TestMessage.request("GET", "/").header("x-tenant", "blue").build()).response().orElseThrow().status());
        }
    }

    @Test
    void longHeaderValuesAreKeptAsDigestsAndStillTellClientsApart() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1m", "1").parameter("key", "header").start()) {
            String a = "a".repeat(4000);
            String b = "a".repeat(3999) + "b";
            assertTrue(step.process(TestMessage.request("GET", "/").header("X-Api-Key", a).build()).proceeded());
            assertTrue(step.process(TestMessage.request("GET", "/").header("X-Api-Key", b).build()).proceeded());
            assertEquals(429, step.process(TestMessage.request("GET", "/").header("X-Api-Key", a).build()).response().orElseThrow().status());
        }
    }

    @Test
    void thePrincipalCanBeTheKey() throws Exception {
        Identity alice = Identity.of("alice", "basic", Instant.EPOCH);
        Identity bob = Identity.of("bob", "basic", Instant.EPOCH);
        try (BladeletUnderTest step = limiter("1", "1m", "1").parameter("key", "principal").start()) {
            assertTrue(step.process(TestMessage.request("GET", "/").identity(alice).build()).proceeded());
            assertTrue(step.process(TestMessage.request("GET", "/").identity(bob).build()).proceeded());
            assertEquals(429, step.process(TestMessage.request("GET", "/").identity(alice).build()).response().orElseThrow().status());
        }
    }

    @Test
    void messagesWithoutAKeyShareOneBucketByDefault() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1m", "1").parameter("key", "principal").start()) {
            assertTrue(step.process(TestMessage.request("GET", "/").build()).proceeded());
            assertEquals(429, step.process(TestMessage.request("GET", "/a").build()).response().orElseThrow().status());
        }
    }

    @Test
    void messagesWithoutAKeyCanBeLetThroughOrRefused() throws Exception {
        try (BladeletUnderTest allow = limiter("1", "1m", "1").parameter("key", "principal").parameter("without-key", "allow").start();
             BladeletUnderTest reject = limiter("1", "1m", "1").parameter("key", "principal").parameter("without-key", "reject").start()) {
            for (int i = 0; i < 5; i++) {
                assertTrue(allow.process(TestMessage.request("GET", "/").build()).proceeded());
            }
            StepResult refused = reject.process(TestMessage.request("GET", "/").build());
            assertEquals(403, refused.response().orElseThrow().status());
        }
    }

    @Test
    void memoryIsBoundedByMaxKeysDroppingTheLeastRecentlyUsed() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1m", "1").parameter("max-keys", "2").start()) {
            step.process(from("192.0.2.1"));
            step.process(from("192.0.2.2"));
            step.process(from("192.0.2.1"));
            step.process(from("192.0.2.3"));

            assertEquals(2, ((RateLimiterStep) step.instance()).trackedKeys());
            assertEquals(1, step.counter("evicted_total"));
            assertTrue(step.process(from("192.0.2.2")).proceeded(), "192.0.2.2 was dropped and starts again with a full bucket");
            assertEquals(429, step.process(from("192.0.2.3")).response().orElseThrow().status(), "192.0.2.3 kept its bucket");
        }
    }

    @Test
    void idleBucketsAreDropped() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1s", "1").parameter("idle-timeout", "30s").start()) {
            for (int i = 1; i <= 50; i++) {
                step.process(from("192.0.2." + i));
            }
            clock.advance(Duration.ofSeconds(30));
            step.process(from("198.51.100.1"));

            assertEquals(1, ((RateLimiterStep) step.instance()).trackedKeys());
            assertEquals(50, step.counter("evicted_total"));
        }
    }

    @Test
    void anIdleTimeoutShorterThanTheFillTimeIsWarnedAbout() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1m", "10").parameter("idle-timeout", "5m").start()) {
            assertEquals(Level.WARNING, step.logs().get(0).level());
            assertTrue(step.logs().get(0).message().contains("idle-timeout PT5M is shorter than the PT10M an empty bucket takes to fill"),
                    step.logs().get(0).message());
        }
    }

    @Test
    void concurrentRequestsNeverGetMoreThanTheBurst() throws Exception {
        try (BladeletUnderTest step = limiter("1", "1h", "100").start()) {
            RateLimiterStep limiter = (RateLimiterStep) step.instance();
            TestMessage message = from("192.0.2.10");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> clients = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    clients.add(() -> {
                        int passed = 0;
                        for (int i = 0; i < 50; i++) {
                            StepOutcome outcome = limiter.process(message).toCompletableFuture().join();
                            passed += outcome instanceof StepOutcome.Proceed ? 1 : 0;
                        }
                        return passed;
                    });
                }
                int passed = 0;
                for (Future<Integer> f : pool.invokeAll(clients)) {
                    passed += f.get();
                }
                assertEquals(100, passed);
                assertEquals(300, step.counter("limited_total"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRateOfZeroIsOutsideTheDomain() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> limiter("0", "1s", "1").parameter("key", "cookie").start());
        assertEquals(List.of("bladelet 'rate-limiter' parameter 'key': 'cookie' is not one of [client-address, header, principal]",
                "bladelet 'rate-limiter' parameter 'rate': 0 is below the minimum 1"), e.problems());
    }
}
