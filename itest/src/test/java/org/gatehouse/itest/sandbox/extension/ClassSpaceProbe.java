package org.gatehouse.itest.sandbox.extension;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The deputy matrix's extension code: everything here runs in the extension's own class loader,
 * so whatever it asks for is the extension's request. The test hands it names, {@code Class}
 * objects (as an extension would get them from {@code getClass()} of a platform object),
 * methods with canary arguments, and platform helpers, and reads back one outcome per attempt:
 * {@code DENIED <message>}, {@code THREW <exception>}, or {@code DONE <result>}.
 */
public final class ClassSpaceProbe {
    private ClassSpaceProbe() {
    }

    /** What its own class loader makes of {@code name}: the class, or null. */
    public static Class<?> resolve(String name) {
        try {
            return Class.forName(name, false, ClassSpaceProbe.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notInItsClassSpace) {
            return null;
        }
    }

    /**
     * What its own class loader makes of {@code name} when the JDK asks it, not the extension's
     * own code: a method type parsed against that loader (the JDK's descriptor parser loads the
     * class), {@code Class.forName} called by reflection, and {@code loadClass} through a method
     * handle, so that the frame below the loader is JDK code. The first that finds a class wins;
     * null when none does.
     */
    public static Class<?> resolveThroughTheJdk(String name) {
        ClassLoader own = ClassSpaceProbe.class.getClassLoader();
        try {
            return MethodType.fromMethodDescriptorString("()L" + name.replace('.', '/') + ";", own).returnType();
        } catch (RuntimeException | LinkageError notByTheDescriptorParser) {
            // next way
        }
        try {
            Object found = Class.class.getMethod("forName", String.class, boolean.class, ClassLoader.class).invoke(null, name, false, own);
            return (Class<?>) found;
        } catch (ReflectiveOperationException | LinkageError notByReflection) {
            // next way
        }
        try {
            return (Class<?>) MethodHandles.publicLookup().findVirtual(ClassLoader.class, "loadClass", MethodType.methodType(Class.class, String.class))
                    .invoke(own, name);
        } catch (Throwable notByMethodHandle) {
            return null;
        }
    }

    /** The boot loader's class of {@code name} (an extension may always name that loader), or null. */
    public static Class<?> resolveFromBoot(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError notThere) {
            return null;
        }
    }

    /** Tries to look into {@code type} and at its loader: one outcome per attempt, by attempt. */
    public static Map<String, String> reflectOn(Class<?> type) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        outcomes.put("getMethods", attempt(() -> type.getMethods().length));
        outcomes.put("getDeclaredFields", attempt(() -> type.getDeclaredFields().length));
        outcomes.put("getConstructors", attempt(() -> type.getConstructors().length));
        outcomes.put("publicLookup().findStatic", attempt(() -> MethodHandles.publicLookup()
                .findStatic(type, "valueOf", MethodType.methodType(Object.class, String.class))));
        outcomes.put("getClassLoader", attempt(() -> String.valueOf(type.getClassLoader())));
        return outcomes;
    }

    /** Calls a public static method or a public constructor with {@code arguments}. */
    public static String invoke(Executable target, Object[] arguments) {
        return attempt(() -> target instanceof Method method ? method.invoke(null, arguments)
                : ((Constructor<?>) target).newInstance(arguments));
    }

    /** Writes {@code file} with its own code. */
    public static String writeOwn(Path file) {
        return attempt(() -> Files.writeString(file, "written by the extension"));
    }

    /** Has a platform helper act on {@code file} for it. */
    public static String callHelper(Consumer<Path> helper, Path file) {
        return attempt(() -> {
            helper.accept(file);
            return "helper returned";
        });
    }

    /** Starts a thread of its own that has the platform helper act on {@code file}; waits for it. */
    public static String callHelperOnOwnThread(Consumer<Path> helper, Path file) throws InterruptedException {
        List<String> outcome = new ArrayList<>();
        Thread thread = new Thread(() -> outcome.add(callHelper(helper, file)), "deputy-matrix-extension-thread");
        thread.start();
        thread.join(10_000);
        return outcome.isEmpty() ? "THREW the thread did not finish" : outcome.get(0);
    }

    private static String attempt(Callable<?> action) {
        try {
            return "DONE " + shorten(String.valueOf(action.call()));
        } catch (Throwable thrown) {
            Throwable cause = denialIn(thrown);
            if (cause != null) {
                return "DENIED " + cause.getMessage();
            }
            Throwable shown = thrown instanceof InvocationTargetException invocation ? invocation.getTargetException() : thrown;
            return "THREW " + shorten(shown.getClass().getName() + ": " + shown.getMessage());
        }
    }

    /** The sandbox's denial anywhere in the cause chain (reflection and initializers wrap it), or null. */
    private static Throwable denialIn(Throwable thrown) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = thrown; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            if (t.getClass().getName().equals("org.gatehouse.sandbox.bridge.SandboxDeniedException")) {
                return t;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Throwable inner = denialIn(suppressed);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
