package org.gatehouse.policy.engine.osgi.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Extension code for the framework tests: loaded from an extension bundle, so the bridge's stack
 * walk finds this class (in the bundle's loader) as the caller. The tests call these methods by
 * reflection; each does one sensitive thing and reports what happened.
 */
public final class ExtensionProbe {
    private ExtensionProbe() {
    }

    public static String check(String type, String name, String actions) {
        try {
            SandboxBridge.check(type, name, actions);
            return "allowed";
        } catch (SecurityException e) {
            return e.getMessage();
        }
    }

    /** The same check made from a lambda, whose hidden class lives in this bundle's loader. */
    public static String checkFromLambda(String type, String name, String actions) {
        Supplier<String> viaLambda = () -> check(type, name, actions);
        return viaLambda.get();
    }

    /** Connects to a loopback port the way instrumented socket code would: check, then connect. */
    public static String connect(int port) {
        try (Socket socket = new Socket()) {
            SandboxBridge.check("socket", "127.0.0.1:" + port, "connect");
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return "connected";
        } catch (SecurityException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "io: " + e;
        }
    }

    public static List<String> visibleServices(BundleContext context) throws InvalidSyntaxException {
        List<String> names = new ArrayList<>();
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, null);
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                names.add(String.join(",", (String[]) ref.getProperty("objectClass")));
            }
        }
        return names;
    }

    public static List<String> visibleBundles(BundleContext context) {
        List<String> names = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            names.add(b.getSymbolicName());
        }
        return names;
    }

    public static String load(String className) {
        try {
            Class.forName(className, true, ExtensionProbe.class.getClassLoader());
            return "loaded";
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return "not found";
        }
    }
}
