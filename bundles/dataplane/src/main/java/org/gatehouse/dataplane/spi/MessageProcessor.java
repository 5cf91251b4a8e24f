package org.gatehouse.dataplane.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered as an OSGi service by the platform bundle that runs flows. The data plane asks it
 * about every HTTP request head, on the event loop, before routing; with no such service, or
 * when it answers {@code null}, the request takes the fast path, forwarded untouched.
 *
 * <pre>{@code
 * MessageTypeMatch match = processor.classify(head);   // null: fast path
 * }</pre>
 */
@ConsumerType
public interface MessageProcessor {

    /**
     * The message type this request head belongs to, or null when none can. Runs on the event
     * loop for every request while the service exists, so it must not block or allocate much.
     */
    MessageTypeMatch classify(RequestHead head);
}
