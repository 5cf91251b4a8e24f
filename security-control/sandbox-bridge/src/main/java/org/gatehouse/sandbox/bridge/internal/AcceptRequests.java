package org.gatehouse.sandbox.bridge.internal;

import java.lang.ref.WeakReference;

/**
 * Who asked each asynchronous server channel for its pending accept (as the SecurityManager kept
 * the accept's access control context): the accepted connection may complete on the channel
 * group's thread, where the asker is not on the stack. Keyed weakly by channel identity; the
 * asker is held weakly too, so a channel left open pins no extension class loader.
 */
final class AcceptRequests {
    private static final IdentityWeakMap<WeakReference<Class<?>>> REQUESTERS = new IdentityWeakMap<>();

    private AcceptRequests() {
    }

    static void record(Object server, Class<?> requester) {
        REQUESTERS.put(server, new WeakReference<>(requester));
    }

    /** The code that asked for the channel's latest accept, or null. */
    static Class<?> requesterOf(Object server) {
        WeakReference<Class<?>> requester = server == null ? null : REQUESTERS.get(server);
        return requester == null ? null : requester.get();
    }
}
