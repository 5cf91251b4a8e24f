package org.gatehouse.sandbox.bridge.internal;

import java.lang.ref.WeakReference;

/**
 * Who asked each asynchronous server channel for its pending accept (as the SecurityManager kept
 * the accept's access control context): the accepted connection may complete on the channel
 * group's thread, where the asker is not on the stack. Keyed weakly by channel identity; the
 * asking classes are held weakly too, so a channel left open pins no extension class loader.
 */
final class AcceptRequests {
    private static final IdentityWeakMap<WeakReference<Class<?>>[]> REQUESTERS = new IdentityWeakMap<>();

    private AcceptRequests() {
    }

    /** A generic array cannot be created: a raw one is, and filled with the right type only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void record(Object server, StackContext requester) {
        WeakReference<Class<?>>[] classes = new WeakReference[requester.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = new WeakReference<>(requester.get(i));
        }
        REQUESTERS.put(server, classes);
    }

    /**
     * The context that asked for the channel's latest accept, or null when none was recorded. A
     * class collected since then belonged to code that is gone (an uninstalled extension): the
     * context is empty of it, and the connection is decided for whoever else asked.
     */
    static StackContext requesterOf(Object server) {
        WeakReference<Class<?>>[] recorded = server == null ? null : REQUESTERS.get(server);
        if (recorded == null) {
            return null;
        }
        Class<?>[] classes = new Class<?>[recorded.length];
        int count = 0;
        for (WeakReference<Class<?>> ref : recorded) {
            Class<?> c = ref.get();
            if (c != null) {
                classes[count++] = c;
            }
        }
        return StackContext.of(java.util.Arrays.copyOf(classes, count));
    }
}
