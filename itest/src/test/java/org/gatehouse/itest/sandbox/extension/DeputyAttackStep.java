package org.gatehouse.itest.sandbox.extension;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.http.OutboundHttpException;
import org.gatehouse.sdk.http.OutboundRequest;
import org.gatehouse.sdk.message.Message;

/**
 * An attacker's flow step, written as an ordinary bladelet that imports only the SDK: on each
 * request it tries to hire a public helper of the framework ({@code SecureAction}) through every
 * class loader it can get hold of, to read the element's secrets directly, to switch the sandbox
 * and the audit logger off, and finally the plain JDK calls that switching them off would have
 * opened. It never lets an exception out: it answers 200 with one line per attempt,
 * {@code <attempt>: <OUTCOME> <detail>}, where the outcome is {@code DENIED} (a sandbox denial,
 * its message follows), {@code UNREACHABLE} (the class or object was not there to be had),
 * {@code FAILED} (another exception) or {@code DONE} (it worked: a hole); {@code OWN}, {@code BOOT}
 * and {@code FOUND} say what a step handed it that is no capability (its own loader, the boot
 * loader, a {@code Bundle} object).
 *
 * <p>Its targets come in request headers, chosen by the test: {@code X-Canary-Dir} (a folder in
 * which a process, a file write would leave a marker), {@code X-Users-File} (the element's
 * management users) and {@code X-Canary-Socket} ({@code host:port} of a server counting connections).
 */
public final class DeputyAttackStep implements Bladelet {
    static final String SECURE_ACTION = "org.apache.felix.framework.util.SecureAction";
    static final String ENFORCEMENT = "org.gatehouse.sandbox.bridge.internal.Enforcement";

    private final Map<String, String> report = new LinkedHashMap<>();
    private final BladeletContext context;

    public DeputyAttackStep(BladeletContext context) {
        // nothing to configure: the targets come with each request
        this.context = context;
    }

    @Override
    public synchronized CompletionStage<StepOutcome> process(Message message) {
        report.clear();
        Path canaryDir = Path.of(message.headers().first("X-Canary-Dir").orElse("/nonexistent"));
        Path users = Path.of(message.headers().first("X-Users-File").orElse("/nonexistent"));
        String[] socket = message.headers().first("X-Canary-Socket").orElse("127.0.0.1:1").split(":");
        InetSocketAddress canary = new InetSocketAddress(socket[0], Integer.parseInt(socket[1]));
        for (Map.Entry<String, ClassLoader> loader : loaders(message).entrySet()) {
            hireSecureAction(loader.getKey(), loader.getValue(), canaryDir, users, canary);
        }
        hireSecureActionThroughTheJdk(canaryDir, users, canary);
        tryReadingSecrets(users);
        trySwitchingTheSandboxOff();
        tryPlainCalls(canaryDir, users, canary);
        StringBuilder text = new StringBuilder();
        report.forEach((attempt, outcome) -> text.append(attempt).append(": ").append(outcome).append('\n'));
        return CompletableFuture.completedStage(StepOutcome.respond(Response.text(200, text.toString())));
    }

    /** Every class loader an extension might lay hands on; the ones it cannot get are reported. */
    private Map<String, ClassLoader> loaders(Message message) {
        Map<String, ClassLoader> loaders = new LinkedHashMap<>();
        ClassLoader own = DeputyAttackStep.class.getClassLoader();
        loaders.put("own loader", own);
        obtain(loaders, "Bladelet.class.getClassLoader()", Bladelet.class::getClassLoader);
        obtain(loaders, "Bundle.class.getClassLoader()", () -> Class.forName("org.osgi.framework.Bundle", false, own).getClassLoader());
        obtain(loaders, "ClassLoader.getSystemClassLoader()", ClassLoader::getSystemClassLoader);
        obtain(loaders, "ClassLoader.getPlatformClassLoader()", ClassLoader::getPlatformClassLoader);
        obtain(loaders, "message.getClass().getClassLoader()", () -> message.getClass().getClassLoader());
        obtain(loaders, "message.headers().getClass().getClassLoader()", () -> message.headers().getClass().getClassLoader());
        obtain(loaders, "Thread.currentThread().getContextClassLoader()", () -> Thread.currentThread().getContextClassLoader());
        obtain(loaders, "own loader's parent", own::getParent);
        tryFrameworkUtil(loaders, message, own);
        return loaders;
    }

    private void obtain(Map<String, ClassLoader> loaders, String name, Callable<ClassLoader> how) {
        Object loader = attempt("get " + name, how);
        if (report.get("get " + name).equals("DONE null")) {
            // the boot loader, which an extension may name: tried below like any other
            report.put("get " + name, "BOOT the boot loader");
            loaders.put(name, null);
        } else if (loader instanceof ClassLoader found) {
            if (found == DeputyAttackStep.class.getClassLoader()) {
                // only its own loader, which resolves nothing of the platform's: not a way in
                report.put("get " + name, "OWN the extension's own loader");
            } else {
                loaders.put(name, found);
            }
        }
    }

    /**
     * {@code FrameworkUtil.getBundle(message.getClass())}, all by reflection through the types its
     * own loader resolves: the message's bundle, then that bundle's context (which would act as
     * that bundle) and its wiring (which would hand out its class loader). Each step is reported.
     */
    private void tryFrameworkUtil(Map<String, ClassLoader> loaders, Message message, ClassLoader own) {
        Object bundle = attempt("FrameworkUtil.getBundle(message.getClass())", () -> Class.forName("org.osgi.framework.FrameworkUtil", true, own)
                .getMethod("getBundle", Class.class).invoke(null, message.getClass()));
        if (bundle == null) {
            return;
        }
        // a Bundle object is no capability by itself: what it hands out is tried next
        report.put("FrameworkUtil.getBundle(message.getClass())", "FOUND " + bundle);
        Object context = attempt("message bundle's getBundleContext()", () -> Class.forName("org.osgi.framework.Bundle", false, own)
                .getMethod("getBundleContext").invoke(bundle));
        if (context != null) {
            attempt("message bundle context's getBundles()", () -> java.util.Arrays.toString((Object[]) Class.forName(
                    "org.osgi.framework.BundleContext", false, own).getMethod("getBundles").invoke(context)));
        }
        attempt("message bundle's adapt(BundleWiring)", () -> Class.forName("org.osgi.framework.Bundle", false, own)
                .getMethod("adapt", Class.class).invoke(bundle, Object.class));
        obtain(loaders, "message bundle's wiring loader", () -> {
            Class<?> wiring = Class.forName("org.osgi.framework.wiring.BundleWiring", false, message.getClass().getClassLoader());
            Object adapted = Class.forName("org.osgi.framework.Bundle", false, own).getMethod("adapt", Class.class).invoke(bundle, wiring);
            return (ClassLoader) wiring.getMethod("getClassLoader").invoke(adapted);
        });
    }

    /** Loads {@code SecureAction} through {@code loader} and asks it to act: process, file, socket, sandbox state, exit. */
    private void hireSecureAction(String loaderName, ClassLoader loader, Path canaryDir, Path users, InetSocketAddress canary) {
        String prefix = "SecureAction via " + loaderName;
        Object helper = attempt(prefix + ": load", () -> Class.forName(SECURE_ACTION, true, loader).getConstructor().newInstance());
        if (helper == null) {
            return;
        }
        Class<?> type = helper.getClass();
        attempt(prefix + ": run a process", () -> type.getMethod("invoke", Method.class, Object.class, Object[].class)
                .invoke(helper, ProcessBuilder.class.getMethod("start"), new ProcessBuilder("touch",
                        canaryDir.resolve("process-ran").toString()), new Object[0]));
        attempt(prefix + ": read the users file", () -> new String(((java.io.InputStream) type.getMethod("getFileInputStream", File.class)
                .invoke(helper, users.toFile())).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        attempt(prefix + ": open a socket", () -> type.getMethod("invoke", java.lang.reflect.Constructor.class, Object[].class)
                .invoke(helper, Socket.class.getConstructor(String.class, int.class),
                        new Object[] {canary.getHostString(), canary.getPort()}));
        attempt(prefix + ": read the sandbox's decider", () -> type.getMethod("getDeclaredField", Class.class, String.class, Object.class)
                .invoke(helper, Class.forName(ENFORCEMENT, false, null), "decider", null));
        attempt(prefix + ": exit", () -> type.getMethod("invoke", Method.class, Object.class, Object[].class)
                .invoke(helper, System.class.getMethod("exit", int.class), null, new Object[] {7}));
    }

    /**
     * Its own loader asked by JDK code rather than by its own: the JDK's method descriptor parser,
     * and java.beans, which loads and instantiates a class by name through a given loader.
     */
    private void hireSecureActionThroughTheJdk(Path canaryDir, Path users, InetSocketAddress canary) {
        ClassLoader own = DeputyAttackStep.class.getClassLoader();
        Object parsed = attempt("SecureAction via own loader asked by the JDK's descriptor parser: load", () -> java.lang.invoke.MethodType
                .fromMethodDescriptorString("()L" + SECURE_ACTION.replace('.', '/') + ";", own).returnType());
        // by name, so that a JDK without this old method says so instead of failing to link
        Object instance = attempt("SecureAction via own loader asked by java.beans.Beans.instantiate: load", () -> Class
                .forName("java.beans.Beans").getMethod("instantiate", ClassLoader.class, String.class).invoke(null, own, SECURE_ACTION));
        if (parsed != null || instance != null) {
            // once one loaded it, its own loader answers it from then on
            hireSecureAction("own loader after the JDK loaded it", own, canaryDir, users, canary);
        }
    }

    private void tryReadingSecrets(Path users) {
        attempt("read the users file directly", () -> Files.readString(users));
        attempt("System.getenv(GATEHOUSE_TOKEN)", () -> System.getenv("GATEHOUSE_TOKEN"));
        attempt("System.getenv()", () -> System.getenv().toString());
    }

    private void trySwitchingTheSandboxOff() {
        attempt("make Enforcement.decider accessible", () -> {
            Field decider = Class.forName(ENFORCEMENT, false, null).getDeclaredField("decider");
            decider.setAccessible(true);
            decider.set(null, null);
            return "decider set to null";
        });
        attempt("silence the audit logger", () -> {
            Logger audit = Logger.getLogger("org.gatehouse.audit");
            audit.setLevel(Level.OFF);
            return "level " + audit.getLevel();
        });
        attempt("reset java.util.logging", () -> {
            java.util.logging.LogManager.getLogManager().reset();
            return "reset";
        });
    }

    private void tryPlainCalls(Path canaryDir, Path users, InetSocketAddress canary) {
        attempt("plain ProcessBuilder", () -> new ProcessBuilder("touch", canaryDir.resolve("process-ran").toString()).start().waitFor());
        attempt("plain Files.readString", () -> Files.readString(users));
        attempt("plain Files.writeString", () -> Files.writeString(canaryDir.resolve("written"), "extension"));
        attempt("plain Socket", () -> {
            try (Socket connected = new Socket(canary.getHostString(), canary.getPort())) {
                return "connected " + connected.getRemoteSocketAddress();
            }
        });
        // the element's own HTTP client is a deputy too: it must ask for the extension's socket grant
        attempt("SDK http to the canary", () -> {
            try {
                return context.http().send(OutboundRequest.get(URI.create("http://" + canary.getHostString() + ":" + canary.getPort() + "/"))
                        .withTimeout(Duration.ofMillis(500)));
            } catch (OutboundHttpException sentWithoutAnswer) {
                // the canary accepts and never answers: the request left, which only a grant allows
                throw new IllegalStateException("sent, no answer: " + sentWithoutAnswer.reason() + " " + sentWithoutAnswer.getMessage());
            }
        });
        attempt("plain System.exit", () -> {
            System.exit(7);
            return "exited";
        });
    }

    /** Runs one attempt and records its outcome; returns what it produced, or null when it did not work. */
    private Object attempt(String name, Callable<?> action) {
        try {
            Object result = action.call();
            report.put(name, "DONE " + summary(String.valueOf(result)));
            return result;
        } catch (Throwable thrown) {
            Throwable cause = rootOf(thrown);
            report.put(name, outcome(cause) + " " + summary(cause.getClass().getName() + ": " + cause.getMessage()));
            return null;
        }
    }

    private static String outcome(Throwable cause) {
        if (cause.getClass().getName().equals("org.gatehouse.sandbox.bridge.SandboxDeniedException")) {
            return "DENIED";
        }
        return cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError || cause instanceof NoSuchMethodException
                ? "UNREACHABLE" : "FAILED";
    }

    /** The denial below reflection's and the JDK's wrappers. */
    private static Throwable rootOf(Throwable thrown) {
        List<Throwable> seen = new ArrayList<>();
        Throwable current = thrown;
        while (!seen.contains(current)) {
            seen.add(current);
            if (current.getClass().getName().endsWith("SandboxDeniedException")) {
                return current;
            }
            Throwable next = current instanceof InvocationTargetException invocation ? invocation.getTargetException() : current.getCause();
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static String summary(String text) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
