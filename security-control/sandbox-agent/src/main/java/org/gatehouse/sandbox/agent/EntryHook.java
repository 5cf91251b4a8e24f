package org.gatehouse.sandbox.agent;

import java.util.List;
import java.util.Objects;

/**
 * One instrumented entry point: at the start of {@code owner.method descriptor}, call the static
 * bridge method {@code entryClass.entryMethod} with an optional string constant followed by the
 * chosen arguments of the instrumented method ({@link #THIS} for the receiver). Reference
 * arguments are passed as {@code Object}, so the bridge never names a type it cannot see.
 *
 * <pre>{@code
 * EntryHook.at("java/lang/System", "exit", "(I)V").calls(RUNTIME, "runtime").constant("exitVM")
 * }</pre>
 *
 * @param owner       internal name of the instrumented class, e.g. {@code java/io/File}
 * @param method      method name, {@code <init>} for constructors
 * @param descriptor  exact method descriptor
 * @param entryClass  internal name of the bridge class to call
 * @param entryMethod the bridge method
 * @param constant    a string passed first, or null
 * @param arguments   indexes of the instrumented method's parameters to pass, {@link #THIS} for the receiver
 * @param replaced    a parameter the bridge method's result replaces (its defensive copy), or {@link #NONE}
 * @param atReturn    call the bridge before each normal return instead of at entry (the method's
 *                    outcome is what is checked: an accepted connection); {@link #RESULT} passes the returned object
 */
public record EntryHook(String owner, String method, String descriptor, String entryClass, String entryMethod,
        String constant, List<Integer> arguments, int replaced, boolean atReturn) {
    /** The receiver, in {@link #arguments}; never for constructors (it is not initialized yet). */
    public static final int THIS = -1;
    /** No parameter is replaced: the bridge method returns void. */
    public static final int NONE = -2;
    /** The returned object, in {@link #arguments}; only for a hook {@link #atReturn()} of a method returning an object. */
    public static final int RESULT = -3;

    public EntryHook {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(descriptor, "descriptor");
        arguments = List.copyOf(arguments);
        if ("<init>".equals(method) && arguments.contains(THIS)) {
            throw new IllegalArgumentException("hook " + owner + "." + method + descriptor
                    + ": a constructor's receiver cannot be passed before super() runs");
        }
        if (arguments.contains(RESULT) && (!atReturn || !descriptor.matches(".*\\)[L\\[].*") || arguments.indexOf(RESULT) != 0)) {
            throw new IllegalArgumentException("hook " + owner + "." + method + descriptor
                    + ": the returned object can only be passed first, by a hook at return of a method returning an object");
        }
        if (atReturn && replaced != NONE) {
            throw new IllegalArgumentException("hook " + owner + "." + method + descriptor
                    + ": a hook at return replaces no parameter");
        }
        if (replaced != NONE && (replaced < 0 || !arguments.contains(replaced))) {
            throw new IllegalArgumentException("hook " + owner + "." + method + descriptor
                    + ": the replaced parameter " + replaced + " must be one of the passed parameters " + arguments);
        }
    }

    /** A hook on {@code owner.method descriptor} that calls nothing yet. */
    public static EntryHook at(String owner, String method, String descriptor) {
        return new EntryHook(owner, method, descriptor, "", "", null, List.of(), NONE, false);
    }

    /**
     * A hook before each normal return of {@code owner.method descriptor} that calls nothing yet.
     * What a denial then throws must leave nothing behind: the bridge closes the accepted
     * connection it was handed before it throws.
     */
    public static EntryHook atReturnOf(String owner, String method, String descriptor) {
        return new EntryHook(owner, method, descriptor, "", "", null, List.of(), NONE, true);
    }

    /** The same hook calling {@code entryClass.entryMethod}. */
    public EntryHook calls(String newEntryClass, String newEntryMethod) {
        return new EntryHook(owner, method, descriptor, newEntryClass, newEntryMethod, constant, arguments, replaced, atReturn);
    }

    /** The same hook passing {@code value} as the first argument. */
    public EntryHook constant(String value) {
        return new EntryHook(owner, method, descriptor, entryClass, entryMethod, value, arguments, replaced, atReturn);
    }

    /** The same hook passing these parameters of the instrumented method. */
    public EntryHook args(Integer... indexes) {
        return new EntryHook(owner, method, descriptor, entryClass, entryMethod, constant, List.of(indexes), replaced, atReturn);
    }

    /**
     * The same hook storing the bridge method's result into parameter {@code index} before the
     * method body runs: the JDK then uses the very object the check looked at (no
     * time-of-check/time-of-use gap with a collection another thread can still change).
     */
    public EntryHook replacing(int index) {
        return new EntryHook(owner, method, descriptor, entryClass, entryMethod, constant, arguments, index, atReturn);
    }

    /** {@code owner.method descriptor}, the key the transformer matches. */
    public String target() {
        return owner + "." + method + descriptor;
    }
}
