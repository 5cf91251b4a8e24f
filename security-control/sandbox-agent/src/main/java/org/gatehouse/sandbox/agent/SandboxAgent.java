package org.gatehouse.sandbox.agent;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enforcement agent (docs/threat-model.md "Enforcement without a SecurityManager"): given at launch with {@code -javaagent:lib/sandbox-agent.jar},
 * it finds the bridge on the boot class path (the manifest's {@code Boot-Class-Path:
 * sandbox-bridge.jar}, next to this jar), lets every JDK module read the bridge, and instruments
 * the sensitive entry points of the JDK and of Apache Felix, both the classes already loaded and
 * those loaded later. Any failure stops the JVM: an element must not run unguarded.
 */
public final class SandboxAgent {
    private static final String BRIDGE = "org.gatehouse.sandbox.bridge.SandboxBridge";
    private static final String INITIALIZATION_STATE_PACKAGE = "jdk.internal.misc";

    private SandboxAgent() {
    }

    /** Entry point of {@code -javaagent}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        Module bridgeModule = bridgeOnBootClassPath().getModule();
        Set<String> bridgeMethods = HookCatalog.bridgeMethods(null);
        letJdkModulesRead(instrumentation, bridgeModule);
        EntryHookTransformer transformer = new EntryHookTransformer(HookCatalog.all(), bridgeMethods);
        instrumentation.addTransformer(transformer, true);
        retransformLoaded(instrumentation, transformer);
        if (!transformer.failures().isEmpty()) {
            throw new IllegalStateException("sandbox agent could not instrument: " + transformer.failures());
        }
    }

    private static Class<?> bridgeOnBootClassPath() {
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, null);
            if (bridge.getClassLoader() != null) {
                throw new IllegalStateException(BRIDGE + " was loaded outside the boot class path");
            }
            return bridge;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(BRIDGE + " is not on the boot class path: sandbox-bridge.jar must sit "
                    + "next to sandbox-agent.jar (manifest Boot-Class-Path)", e);
        }
    }

    /**
     * The bridge is in the boot loader's unnamed module, which named JDK modules do not read by
     * default. {@code java.base} also opens one internal package to it, for one read-only
     * question only: whether a class is fully initialized (docs/sandbox.md "Two walks").
     */
    private static void letJdkModulesRead(Instrumentation instrumentation, Module bridgeModule) {
        for (Module module : ModuleLayer.boot().modules()) {
            if (instrumentation.isModifiableModule(module)) {
                Map<String, Set<Module>> exports = module == Object.class.getModule()
                        ? Map.of(INITIALIZATION_STATE_PACKAGE, Set.of(bridgeModule)) : Map.of();
                instrumentation.redefineModule(module, Set.of(bridgeModule), exports, Map.of(), Set.of(), Map.of());
            }
        }
    }

    private static void retransformLoaded(Instrumentation instrumentation, EntryHookTransformer transformer) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (transformer.owners().contains(type.getName().replace('.', '/')) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException e) {
            throw new IllegalStateException("sandbox agent cannot retransform " + loaded, e);
        }
    }
}
