package org.gatehouse.itest.auth;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;

import java.net.http.HttpResponse;
import org.gatehouse.itest.lifecycle.CountingUpstream;
import org.gatehouse.itest.lifecycle.LifecycleElement;

/**
 * The authentication tests' element: started in front of a counting upstream, with traffic to its
 * plain HTTP listener, and the flows document a test puts in force through the management API.
 * Closing stops the element, then the upstream.
 */
final class StartedElement implements AutoCloseable {
    final CountingUpstream upstream;
    final LifecycleElement element;
    final ElementTraffic traffic;

    StartedElement() {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        element.start();
        traffic = ElementTraffic.plain(element.listenerPort, upstream);
    }

    /** Replaces the flows document as an admin; the element must accept it (200). */
    void replaceFlows(String flows) {
        HttpResponse<String> replaced = element.api.putXml("flows", flows, ADMIN);
        element.api.done(replaced);
    }

    /** The first line of the element's log holding every one of {@code parts}, waiting for it up to 20 seconds. */
    String awaitLogLine(String... parts) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (true) {
            String log = element.gatehouse.logFile();
            for (String line : log.split("\n")) {
                if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with " + java.util.Arrays.toString(parts) + " in:\n" + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        element.close();
        upstream.close();
    }
}
