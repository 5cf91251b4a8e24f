package org.gatehouse.sandbox.bridge;

/**
 * What the policy engine plugs into the {@link SandboxBridge}: it tells trusted code from the
 * rest, and answers one permission request for one class by returning (allowed) or throwing
 * {@link SandboxDeniedException} (denied).
 *
 * <p>A request is decided against every class on the stack (docs/sandbox.md "Every frame counts"), up to
 * a {@link Privileged} boundary, plus the classes that were on the stack when the current thread
 * was started: the bridge asks {@link #isTrusted} of each class it meets, then {@link #allows}
 * (no side effect) for every distinct class loader of the classes that are not trusted, and only
 * when one answer is false {@link #check} for each of them. All of them must allow. JDK code is
 * never asked about: it is transparent.
 *
 * <p>Permission vocabulary ({@code type} / {@code name} / {@code actions}):
 * {@code file} absolute path, {@code ..} removed as the kernel removes it / {@code read,write,delete,execute};
 * {@code socket} {@code host:port} / {@code connect,listen,accept,resolve} (Unix domain sockets are {@code file});
 * {@code property} key / {@code read,write}; {@code env} variable name, or {@code *} for the whole environment / {@code read};
 * {@code runtime} exitVM, setIO, shutdownHooks, createClassLoader, setContextClassLoader, modifyThread,
 * createThread, setDefaultHandler, setFactory, setSecurityProvider, setDefaultSSLContext, setSerialFilter,
 * jndiLookup, attach, defineClass, accessClassInPackage.sun.misc, deferredInvocation, setSignalHandler, raiseSignal,
 * management, flightRecorder, loggingControl, getClassLoader, createSymbolicLink, secureDirectoryStream,
 * preferences, manageProcess, setLoginConfiguration, setLog, deregisterDriver, setSyncFactory,
 * reflectionFactoryAccess, inheritedChannel / empty;
 * {@code reflect} {@code suppressAccessChecks:<class>}, {@code privateLookup:<class>} or
 * {@code classSpace:<class>} (reflecting on a class the caller's own class space does not hold) / empty;
 * {@code process} command / {@code execute};
 * {@code native} library name or path / {@code load}, and {@code ffm} / {@code link};
 * {@code osgi} {@code framework}, {@code bundle:<name>}, {@code hook:<interface>}, {@code service:<interface>}
 * / lifecycle, {@code register}, {@code get}, {@code context} or {@code adapt}.
 *
 * <pre>{@code
 * SandboxBridge.install(new SandboxDecider() {
 *     public boolean isTrusted(Class<?> type) { return isPlatform(type); }
 *     public void check(Class<?> caller, String type, String name, String actions) {
 *         if (!granted(caller, type, name, actions)) {
 *             throw new SandboxDeniedException("denied: class [" + caller.getName() + "], ...");
 *         }
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface SandboxDecider {
    /**
     * Decides one request for one class. Runs on the thread that asked, inside the bridge's
     * re-entrancy guard: sensitive operations the decider itself performs are not checked again.
     *
     * @param caller  a class on the stack (or one that started the current thread) that
     *                {@link #isTrusted} did not vouch for; may be a hidden class (an extension's lambda)
     * @param type    the permission type, e.g. {@code file}
     * @param name    the target, e.g. {@code /etc/passwd}
     * @param actions the comma-separated actions, empty when the type has none
     * @throws SandboxDeniedException when the request is denied
     */
    void check(Class<?> caller, String type, String name, String actions) throws SandboxDeniedException;

    /**
     * Whether {@link #check} would allow the request for {@code caller}, without any side effect
     * (nothing counted or audited). The bridge asks it first, about the classes found on the
     * stack by a cheap walk; only when one answer is false does it take the exact walk and call
     * {@link #check}. So false is always safe: the default answers false, and a decider should
     * answer false for anything it must count or audit even when allowed (a thread start held to
     * a budget).
     */
    default boolean allows(Class<?> caller, String type, String name, String actions) {
        return false;
    }

    /**
     * Whether code of {@code type} is trusted: its frames never restrict a decision, and
     * {@link #check} is not asked about it. Called for many frames of every check, so it must be
     * cheap (cached per class); the default trusts nobody.
     */
    default boolean isTrusted(Class<?> type) {
        return false;
    }

    /**
     * A request the bridge denied by itself, without asking {@link #check} (an argument of a
     * class outside the JDK, an attempt on the sandbox's own state): the decider counts and
     * audits it like its own denials. Must not throw.
     *
     * @param caller the class the denial names
     * @param rule   why, e.g. {@code sandbox state is sealed}
     */
    default void denied(Class<?> caller, String type, String name, String actions, String rule) {
    }
}
