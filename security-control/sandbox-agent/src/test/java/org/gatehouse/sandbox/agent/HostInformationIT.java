package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * What the JVM holds for whoever asks (docs/sandbox.md "What the JDK checked"): denied to the
 * extension, given when granted, and trusted code unaffected; an extension's own threads are its
 * own.
 */
class HostInformationIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return HostInformationActions.class;
    }

    @Test
    void anotherThreadsFramesAreDeniedAndAnOwnThreadsAreFree() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread platform = new Thread(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "platform-worker");
        platform.start();
        while (platform.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        try {
            assertDenied("runtime getStackTrace", () -> extension.run("stackTraceOf", platform));
            assertDenied("runtime getStackTrace", () -> extension.run("allStackTraces"));

            StackTraceElement[] frames = (StackTraceElement[]) granted("runtime", "getStackTrace",
                    () -> extension.run("stackTraceOf", platform));
            assertTrue(frames.length > 0);
            assertTrue((Integer) granted("runtime", "getStackTrace", () -> extension.run("allStackTraces")) > 1);

            DECIDER.forgetRequests();
            assertTrue((Integer) granted("runtime", "createThread", () -> extension.run("ownThreadsStackTrace")) > 0,
                    "an extension reads its own thread's frames");
            assertTrue(((StackTraceElement[]) extension.run("stackTraceOf", Thread.currentThread())).length > 0,
                    "and the frames of the thread it runs on");
            assertFalse(DECIDER.extensionRequests().stream().anyMatch(r -> r.startsWith("runtime getStackTrace")),
                    DECIDER.extensionRequests()::toString);
            DECIDER.forgetRequests();
            trusted.run("stackTraceOf", platform);
            trusted.run("allStackTraces");
            assertNoExtensionRequest();
        } finally {
            done.countDown();
            platform.join();
        }
    }

    @Test
    void theDefaultAuthenticatorAndWhatItAnswersAreDenied() throws Exception {
        Authenticator secretHolder = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("service", "db-password".toCharArray());
            }
        };
        Authenticator.setDefault(secretHolder);
        try {
            assertDenied("runtime requestPasswordAuthentication", () -> extension.run("defaultAuthenticator"));
            assertDenied("runtime requestPasswordAuthentication", () -> extension.run("askTheAuthenticator"));

            assertEquals(secretHolder, granted("runtime", "requestPasswordAuthentication", () -> extension.run("defaultAuthenticator")));
            PasswordAuthentication answer = (PasswordAuthentication) granted("runtime", "requestPasswordAuthentication",
                    () -> extension.run("askTheAuthenticator"));
            assertEquals("service", answer.getUserName());

            DECIDER.forgetRequests();
            assertEquals(secretHolder, trusted.run("defaultAuthenticator"));
            assertNoExtensionRequest();
        } finally {
            Authenticator.setDefault(null);
        }
    }

    @Test
    void theDefaultCookieHandlerAndResponseCacheAreDenied() throws Exception {
        assertDenied("runtime getCookieHandler", () -> extension.run("defaultCookieHandler"));
        assertDenied("runtime getResponseCache", () -> extension.run("defaultResponseCache"));

        assertNull(granted("runtime", "getCookieHandler", () -> extension.run("defaultCookieHandler")));
        assertNull(granted("runtime", "getResponseCache", () -> extension.run("defaultResponseCache")));
        DECIDER.forgetRequests();
        trusted.run("defaultCookieHandler");
        assertNoExtensionRequest();
    }

    @Test
    void theHostsInterfaceAddressesAreDenied() throws Exception {
        for (String action : List.of("loopbackAddresses", "loopbackAddressesStreamed", "loopbackInterfaceAddresses",
                "loopbackHardwareAddress")) {
            assertDenied("runtime getNetworkInformation", () -> extension.run(action));
        }

        @SuppressWarnings("unchecked")
        List<Object> addresses = (List<Object>) granted("runtime", "getNetworkInformation", () -> extension.run("loopbackAddresses"));
        assertTrue(addresses.stream().anyMatch(a -> a.toString().contains("127.0.0.1")), addresses::toString);
        assertTrue((Long) granted("runtime", "getNetworkInformation", () -> extension.run("loopbackAddressesStreamed")) > 0);
        DECIDER.forgetRequests();
        trusted.run("loopbackAddresses");
        trusted.run("loopbackHardwareAddress");
        extension.run("jdkReadsForItself");
        assertNoExtensionRequest();
    }
}
