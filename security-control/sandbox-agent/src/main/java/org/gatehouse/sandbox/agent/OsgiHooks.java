package org.gatehouse.sandbox.agent;

import static org.gatehouse.sandbox.agent.EntryHook.THIS;

import java.util.ArrayList;
import java.util.List;

/**
 * Apache Felix 7 entry points (docs/threat-model.md "Escape routes": the OSGi framework and bundle lifecycle): without a
 * SecurityManager Felix checks nothing, so bundle and framework lifecycle, installs, service
 * registration (hooks in particular) and service get are checked here.
 */
final class OsgiHooks {
    static final String ENTRY = "org/gatehouse/sandbox/bridge/internal/OsgiEntries";
    private static final String FELIX = "org/apache/felix/framework/Felix";
    private static final String BUNDLE = "org/apache/felix/framework/BundleImpl";
    private static final String CONTEXT = "org/apache/felix/framework/BundleContextImpl";

    private OsgiHooks() {
    }

    static List<EntryHook> hooks() {
        List<EntryHook> hooks = new ArrayList<>();
        // Felix (the system bundle) overrides the lifecycle methods of BundleImpl
        for (String owner : List.of(BUNDLE, FELIX)) {
            hooks.add(lifecycle(owner, "start", "()V", "start"));
            hooks.add(lifecycle(owner, "start", "(I)V", "start"));
            hooks.add(lifecycle(owner, "stop", "()V", "stop"));
            hooks.add(lifecycle(owner, "stop", "(I)V", "stop"));
            hooks.add(lifecycle(owner, "update", "()V", "update"));
            hooks.add(lifecycle(owner, "update", "(Ljava/io/InputStream;)V", "update"));
            hooks.add(lifecycle(owner, "uninstall", "()V", "uninstall"));
        }
        // another bundle's context acts as that bundle; its wiring hands out its class loader
        for (String owner : List.of(BUNDLE, FELIX)) {
            hooks.add(EntryHook.at(owner, "getBundleContext", "()Lorg/osgi/framework/BundleContext;")
                    .calls(ENTRY, "bundleAccess").constant("context").args(THIS));
            hooks.add(EntryHook.at(owner, "adapt", "(Ljava/lang/Class;)Ljava/lang/Object;")
                    .calls(ENTRY, "bundleAccess").constant("adapt").args(THIS));
        }
        hooks.add(EntryHook.at(CONTEXT, "getProperty", "(Ljava/lang/String;)Ljava/lang/String;")
                .calls(ENTRY, "frameworkProperty").args(0));
        hooks.add(EntryHook.at(CONTEXT, "installBundle", "(Ljava/lang/String;)Lorg/osgi/framework/Bundle;")
                .calls(ENTRY, "install").args(0));
        hooks.add(EntryHook.at(CONTEXT, "installBundle", "(Ljava/lang/String;Ljava/io/InputStream;)Lorg/osgi/framework/Bundle;")
                .calls(ENTRY, "install").args(0));
        // every registerService overload of BundleContextImpl ends here
        hooks.add(EntryHook.at(FELIX, "registerService", "(L" + CONTEXT
                + ";[Ljava/lang/String;Ljava/lang/Object;Ljava/util/Dictionary;)Lorg/osgi/framework/ServiceRegistration;")
                .calls(ENTRY, "register").args(1));
        // getService and ServiceObjects.getService end here
        hooks.add(EntryHook.at(FELIX, "getService",
                "(Lorg/osgi/framework/Bundle;Lorg/osgi/framework/ServiceReference;Z)Ljava/lang/Object;")
                .calls(ENTRY, "getService").args(1));
        hooks.add(framework("org/apache/felix/framework/FrameworkWiringImpl", "refreshBundles",
                "(Ljava/util/Collection;[Lorg/osgi/framework/FrameworkListener;)V", "refresh"));
        hooks.add(framework("org/apache/felix/framework/FrameworkWiringImpl", "resolveBundles",
                "(Ljava/util/Collection;)Z", "resolve"));
        // a start level change starts and stops bundles: it needs both actions on the framework
        hooks.add(framework("org/apache/felix/framework/FrameworkStartLevelImpl", "setStartLevel",
                "(I[Lorg/osgi/framework/FrameworkListener;)V", "start,stop"));
        hooks.add(framework("org/apache/felix/framework/FrameworkStartLevelImpl$BundleStartLevelImpl", "setStartLevel",
                "(I)V", "start,stop"));
        return List.copyOf(hooks);
    }

    private static EntryHook lifecycle(String owner, String method, String descriptor, String action) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, "lifecycle").constant(action).args(THIS);
    }

    private static EntryHook framework(String owner, String method, String descriptor, String action) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, "framework").constant(action);
    }
}
