package org.gatehouse.sandbox.bridge;

/**
 * What the policy engine plugs into the {@link SandboxBridge}: it answers one permission request
 * by returning (allowed) or throwing {@link SandboxDeniedException} (denied).
 *
 * <p>Permission vocabulary ({@code type} / {@code name} / {@code actions}):
 * {@code file} absolute normalized path / {@code read,write,delete,execute};
 * {@code socket} {@code host:port} / {@code connect,listen,accept,resolve} (Unix domain sockets are {@code file});
 * {@code property} key / {@code read,write};
 * {@code runtime} exitVM, setIO, shutdownHooks, createClassLoader, setContextClassLoader, modifyThread,
 * createThread, setDefaultHandler, setFactory, setSecurityProvider, setDefaultSSLContext, setSerialFilter,
 * jndiLookup, attach, defineClass, accessClassInPackage.sun.misc, deferredInvocation, setSignalHandler, raiseSignal,
 * management, flightRecorder / empty;
 * {@code reflect} {@code suppressAccessChecks:<class>} or {@code privateLookup:<class>} / empty;
 * {@code process} command / {@code execute};
 * {@code native} library name or path / {@code load}, and {@code ffm} / {@code link};
 * {@code osgi} {@code framework}, {@code bundle:<name>}, {@code hook:<interface>}, {@code service:<interface>}
 * / lifecycle, {@code register} or {@code get}.
 *
 * <pre>{@code
 * SandboxBridge.install((caller, type, name, actions) -> {
 *     if (isExtension(caller) && !granted(caller, type, name, actions)) {
 *         throw new SandboxDeniedException("denied: class [" + caller.getName() + "], ...");
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface SandboxDecider {
    /**
     * Decides one request. Runs on the thread that asked, inside the bridge's re-entrancy guard:
     * sensitive operations the decider itself performs are not checked again.
     *
     * @param caller  the class found by the bridge's stack walk; never null; {@code Object.class}
     *                when only JDK code is on the stack (a JDK-internal action, to be trusted)
     * @param type    the permission type, e.g. {@code file}
     * @param name    the target, e.g. {@code /etc/passwd}
     * @param actions the comma-separated actions, empty when the type has none
     * @throws SandboxDeniedException when the request is denied
     */
    void check(Class<?> caller, String type, String name, String actions) throws SandboxDeniedException;
}
