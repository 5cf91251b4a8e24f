package org.gatehouse.policy.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.policy.engine.TestPolicies;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.junit.jupiter.api.Test;

/**
 * Swaps generations while other threads check: no check may fail with an exception, and every
 * answer must be the one of some whole generation (a torn read would mix two).
 */
class AtomicSwapTest {

    private static ExtensionPolicy grant(int port) {
        return new ExtensionPolicy("p" + port, List.of(
                new PolicyEntry(Permission.of("socket", "127.0.0.1:" + port, "connect"), "p /extension-policy/permission[1]"),
                new PolicyEntry(Permission.of("file", "/data/p" + port + "/-", "read"), "p /extension-policy/permission[2]")));
    }

    @Test
    void checksDuringSwapsSeeOneWholeGenerationOrTheNext() throws Exception {
        SystemPolicy system = TestPolicies.system();
        PolicyEngine engine = new PolicyEngine(e -> { }, Clock.systemUTC(), Duration.ofSeconds(10));
        engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                List.of(new ExtensionEntry(TestPolicies.LIMITER, grant(6000))));
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong checks = new AtomicLong();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread reader = new Thread(() -> {
                started.countDown();
                while (running.get()) {
                    try {
                        PolicySnapshot s = engine.current();
                        int port = s.generation() % 2 == 1 ? 6000 : 6001;
                        // within one snapshot both grants of the same generation must hold together
                        boolean socket = s.decide(TestPolicies.LIMITER, "socket", "127.0.0.1:" + port, "connect").allowed();
                        boolean file = s.decide(TestPolicies.LIMITER, "file", "/data/p" + port + "/x", "read").allowed();
                        boolean other = s.decide(TestPolicies.LIMITER, "socket", "127.0.0.1:" + (port == 6000 ? 6001 : 6000), "connect").allowed();
                        if (!socket || !file || other) {
                            failures.add(new AssertionError("generation " + s.generation() + " answered " + socket + "/" + file + "/" + other));
                        }
                        engine.check(TestPolicies.LIMITER, "com.acme.L", "socket", "127.0.0.1:6000", "connect");
                        checks.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int i = 0; i < 200; i++) {
            engine.apply(PermissionTypeRegistry.builtIns(), system, TestPolicies.VARIABLES,
                    List.of(new ExtensionEntry(TestPolicies.LIMITER, grant(i % 2 == 0 ? 6001 : 6000))));
        }
        running.set(false);
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        assertTrue(checks.get() > 0);
        assertEquals(201, engine.current().generation());
    }
}
