package org.gatehouse.sandbox.agent;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.sandbox.agent.sealed.DelegatingDecider;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.gatehouse.sandbox.bridge.SandboxDecider;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;

/**
 * The decider of the behaviour matrix, installed once per test JVM: code defined by an
 * {@link ExtensionLoader} or by a Felix bundle loader is "the extension" and is denied whatever
 * a test has not granted; everything else (the test itself, Felix, the JDK) is allowed.
 * Every request that reaches {@link #check} is recorded.
 */
final class MatrixDecider implements SandboxDecider {
    /**
     * Loaded before the decider is installed: the app loader reads test classes from a folder
     * through instrumented file calls, so a decider that first touched this class inside a check
     * would load it again while its own loading is under way (a duplicate class definition).
     */
    private static final Class<?> EXTENSION_LOADER = ExtensionLoader.class;
    static final MatrixDecider INSTANCE = install();

    record Request(Class<?> caller, String type, String name, String actions) {
        boolean fromExtension() {
            return isExtension(caller);
        }
    }

    private final Set<String> grants = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> refusedByTheBridge = new CopyOnWriteArrayList<>();

    private static MatrixDecider install() {
        MatrixDecider decider = new MatrixDecider();
        // warm up every class a check uses, for the same reason
        decider.check(Object.class, "runtime", "warmUp", "");
        decider.allows(Object.class, "runtime", "warmUp", "");
        decider.denied(Object.class, "runtime", "warmUp", "", "warm-up");
        decider.isTrusted(Object.class);
        decider.extensionRequests();
        decider.forgetRequests();
        SandboxBridge.install(new DelegatingDecider(decider));
        return decider;
    }

    /**
     * Grants the extension every request of {@code type} whose {@code name actions} starts with
     * {@code namePrefix} (so {@code "/x read"} grants reads of /x only), until closed.
     */
    AutoCloseable grant(String type, String namePrefix) {
        String grant = type + " " + namePrefix;
        grants.add(grant);
        return () -> grants.remove(grant);
    }

    void forgetRequests() {
        requests.clear();
        refusedByTheBridge.clear();
    }

    /** Requests the bridge refused by itself and reported, as {@code type name rule}. */
    List<String> refusedByTheBridge() {
        return List.copyOf(refusedByTheBridge);
    }

    @Override
    public void denied(Class<?> caller, String type, String name, String actions, String rule) {
        refusedByTheBridge.add(type + " " + name + " " + rule);
    }

    /** The requests the extension made, as {@code type name actions}. */
    List<String> extensionRequests() {
        return requests.stream().filter(Request::fromExtension)
                .map(r -> r.type() + " " + r.name() + " " + r.actions()).toList();
    }

    /** Everything but the extension is trusted, as the policy engine trusts the platform. */
    @Override
    public boolean isTrusted(Class<?> type) {
        return !isExtension(type);
    }

    /**
     * The bridge's first, side-effect-free question (not recorded: a request it does not allow
     * goes on to {@link #check}, unless the exact rules find it is not the extension's at all).
     */
    @Override
    public boolean allows(Class<?> caller, String type, String name, String actions) {
        return !isExtension(caller) || isGranted(type, name, actions);
    }

    @Override
    public void check(Class<?> caller, String type, String name, String actions) {
        Request request = new Request(caller, type, name, actions);
        requests.add(request);
        if (request.fromExtension() && !isGranted(type, name, actions)) {
            throw new SandboxDeniedException("denied: class [" + caller.getName() + "], permission [" + type + " "
                    + name + " " + actions + "], rule [not granted]");
        }
    }

    private boolean isGranted(String type, String name, String actions) {
        return grants.stream().anyMatch((type + " " + name + " " + actions)::startsWith);
    }

    static boolean isExtension(Class<?> caller) {
        ClassLoader loader = caller.getClassLoader();
        return EXTENSION_LOADER.isInstance(loader)
                || loader != null && loader.getClass().getName().startsWith("org.apache.felix.framework.BundleWiringImpl");
    }
}
