package org.gatehouse.itest.sandbox;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The policy documents of the matrix, written from one list of permissions so the three columns
 * cannot drift apart: the extension asks for every permission the matrix exercises; the
 * "granted" system policy makes all of them overridable for the test extension's codebase (and
 * keeps exit and framework lifecycle restricted); the "restricted" system policy has the same
 * overridable element and restricts every one of them.
 */
final class MatrixPolicies {
    /** type, name, actions of every permission the extension asks for. */
    static final List<List<String>> REQUESTED = List.of(
            List.of("runtime", "exitVM", ""),
            List.of("process", "touch", "execute"),
            List.of("native", "*", "load"),
            // System.load also reads the library file
            List.of("file", "/usr/lib/-", "read"),
            List.of("native", "ffm", "link"),
            List.of("file", "${gatehouse.data}/matrix/-", "read,write,delete"),
            List.of("socket", "127.0.0.1:*", "connect,listen,accept,resolve"),
            List.of("socket", MatrixWorld.MULTICAST_GROUP + ":0", "accept"),
            List.of("socket", "0.0.0.0:0", "listen"),
            List.of("reflect", "suppressAccessChecks:" + PlatformSecret.class.getName(), ""),
            List.of("reflect", "privateLookup:" + PlatformSecret.class.getName(), ""),
            List.of("reflect", "suppressAccessChecks:sun.misc.Unsafe", ""),
            List.of("runtime", "defineClass", ""),
            List.of("runtime", "createClassLoader", ""),
            List.of("runtime", "setIO", ""),
            List.of("property", "gatehouse.matrix.*", "read,write"),
            List.of("runtime", "setDefaultHandler", ""),
            List.of("runtime", "setFactory", ""),
            List.of("runtime", "setSecurityProvider", ""),
            List.of("runtime", "setDefaultSSLContext", ""),
            List.of("runtime", "shutdownHooks", ""),
            List.of("runtime", "createThread", ""),
            List.of("runtime", "createSymbolicLink", ""),
            // ThreadGroup.interrupt interrupts each thread of the group: modifyThread on threads of other code
            List.of("runtime", "modifyThreadGroup", ""),
            List.of("runtime", "modifyThread", ""),
            List.of("runtime", "setContextClassLoader", ""),
            List.of("runtime", "jndiLookup", ""),
            // the DNS provider reads the resolver's configuration when its context is made
            List.of("file", "/etc/resolv.conf", "read"),
            List.of("env", "PATH", "read"),
            List.of("runtime", "loggingControl", ""),
            List.of("reflect", "classSpace:" + PlatformSecret.class.getName(), ""),
            List.of("runtime", "setSerialFilter", ""),
            List.of("runtime", "attach", ""),
            // jdk.attach is reachable through the application class loader only
            List.of("runtime", "getClassLoader", ""),
            List.of("runtime", "deferredInvocation", ""),
            List.of("runtime", "setSignalHandler", ""),
            List.of("runtime", "raiseSignal", ""),
            List.of("runtime", "management", ""),
            // the JDK reads its own cgroup and /proc files while it builds the MBean server for the extension
            List.of("file", "/proc/-", "read"),
            List.of("file", "/sys/-", "read"),
            List.of("osgi", "bundle:*", "install"),
            // the framework copies an installed bundle into its cache with the installer below it on the stack
            List.of("file", "${gatehouse.data}/felix-cache/-", "read,write,delete"),
            // ... and reads properties (the location URL's proxy settings, the execution environment)
            List.of("property", "*", "read"),
            List.of("osgi", "hook:*", "register"));

    /** Never grantable in a JVM the tests need, whatever the column. */
    private static final List<List<String>> ALWAYS_RESTRICTED = List.of(
            List.of("runtime", "exitVM", ""),
            List.of("osgi", "framework", "*"));

    private MatrixPolicies() {
    }

    static String extensionPolicy() {
        return extensionPolicy(REQUESTED);
    }

    static String extensionPolicy(List<List<String>> permissions) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                + permissions(permissions, "  ") + "</extension-policy>\n";
    }

    static String grantedSystemPolicy() {
        return systemPolicy(ALWAYS_RESTRICTED);
    }

    static String restrictedSystemPolicy() {
        List<List<String>> restrictions = new java.util.ArrayList<>(REQUESTED);
        restrictions.add(List.of("osgi", "framework", "*"));
        return systemPolicy(restrictions);
    }

    private static String systemPolicy(List<List<String>> restrictions) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<system-policy xmlns=\"urn:gatehouse:system-policy:1\">\n"
                + "  <default-grants>\n"
                + "    <permission type=\"file\" name=\"${extension.data}/-\" actions=\"read,write,delete\"/>\n"
                + "    <permission type=\"osgi\" name=\"service:org.osgi.framework.hooks.*\" actions=\"get\"/>\n"
                + "  </default-grants>\n"
                + "  <overridable>\n    <codebase symbolic-name=\"org.gatehouse.itest.matrix.*\"/>\n"
                + permissions(REQUESTED, "    ") + "  </overridable>\n"
                + "  <restrictions>\n" + permissions(restrictions, "    ") + "  </restrictions>\n"
                + "  <class-space>\n    <allow-package name=\"org.osgi.framework\"/>\n"
                + "    <allow-package name=\"javax.net.ssl\"/>\n  </class-space>\n"
                + "</system-policy>\n";
    }

    private static String permissions(List<List<String>> permissions, String indent) {
        return permissions.stream()
                .map(p -> indent + "<permission type=\"" + p.get(0) + "\" name=\"" + p.get(1) + "\""
                        + (p.get(2).isEmpty() ? "" : " actions=\"" + p.get(2) + "\"") + "/>\n")
                .collect(Collectors.joining());
    }
}
