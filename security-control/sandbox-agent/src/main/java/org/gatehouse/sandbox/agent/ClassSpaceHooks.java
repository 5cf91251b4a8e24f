package org.gatehouse.sandbox.agent;

import static org.gatehouse.sandbox.agent.EntryHook.THIS;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry points through which code reaches outside its class space: every way the JDK hands out
 * a class loader, and every reflective look at a class's members (the bridge lets an extension
 * reflect only on classes its own loader resolves).
 */
final class ClassSpaceHooks {
    static final String ENTRY = "org/gatehouse/sandbox/bridge/internal/ClassSpaceEntries";
    private static final String CLASS = "java/lang/Class";
    private static final String LOADER = "java/lang/ClassLoader";
    private static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";

    private ClassSpaceHooks() {
    }

    static List<EntryHook> hooks() {
        List<EntryHook> hooks = new ArrayList<>();
        hooks.add(EntryHook.at(CLASS, "getClassLoader", "()Ljava/lang/ClassLoader;").calls(ENTRY, "classLoaderOf").args(THIS));
        hooks.add(EntryHook.at(LOADER, "getParent", "()Ljava/lang/ClassLoader;").calls(ENTRY, "parentOf").args(THIS));
        hooks.add(EntryHook.at(LOADER, "getSystemClassLoader", "()Ljava/lang/ClassLoader;").calls(ENTRY, "systemLoader"));
        hooks.add(EntryHook.at(LOADER, "getPlatformClassLoader", "()Ljava/lang/ClassLoader;").calls(ENTRY, "platformLoader"));
        hooks.add(EntryHook.at("java/lang/Thread", "getContextClassLoader", "()Ljava/lang/ClassLoader;")
                .calls(ENTRY, "contextLoaderOf").args(THIS));
        hooks.add(EntryHook.at("java/security/ProtectionDomain", "getClassLoader", "()Ljava/lang/ClassLoader;")
                .calls(ENTRY, "loaderOfDomainOrModule").args(THIS));
        hooks.add(EntryHook.at("java/lang/Module", "getClassLoader", "()Ljava/lang/ClassLoader;")
                .calls(ENTRY, "loaderOfDomainOrModule").args(THIS));
        hooks.add(EntryHook.at("java/lang/ModuleLayer", "findLoader", "(Ljava/lang/String;)Ljava/lang/ClassLoader;")
                .calls(ENTRY, "layerLoader").args(THIS, 0));
        hooks.add(EntryHook.at(CLASS, "forName", "(Ljava/lang/Module;Ljava/lang/String;)Ljava/lang/Class;")
                .calls(ENTRY, "forNameInModule").args(0));
        for (String member : List.of("getMethods()[Ljava/lang/reflect/Method;",
                "getMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;",
                "getDeclaredMethods()[Ljava/lang/reflect/Method;",
                "getDeclaredMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;",
                "getFields()[Ljava/lang/reflect/Field;", "getField(Ljava/lang/String;)Ljava/lang/reflect/Field;",
                "getDeclaredFields()[Ljava/lang/reflect/Field;", "getDeclaredField(Ljava/lang/String;)Ljava/lang/reflect/Field;",
                "getConstructors()[Ljava/lang/reflect/Constructor;",
                "getConstructor([Ljava/lang/Class;)Ljava/lang/reflect/Constructor;",
                "getDeclaredConstructors()[Ljava/lang/reflect/Constructor;",
                "getDeclaredConstructor([Ljava/lang/Class;)Ljava/lang/reflect/Constructor;",
                "getRecordComponents()[Ljava/lang/reflect/RecordComponent;",
                "getEnclosingMethod()Ljava/lang/reflect/Method;", "getEnclosingConstructor()Ljava/lang/reflect/Constructor;",
                "newInstance()Ljava/lang/Object;")) {
            int paren = member.indexOf('(');
            hooks.add(EntryHook.at(CLASS, member.substring(0, paren), member.substring(paren)).calls(ENTRY, "membersOf").args(THIS));
        }
        String handle = "Ljava/lang/invoke/MethodHandle;";
        for (String find : List.of("findStatic(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)" + handle,
                "findVirtual(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)" + handle,
                "findConstructor(Ljava/lang/Class;Ljava/lang/invoke/MethodType;)" + handle,
                "findSpecial(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/Class;)" + handle,
                "findGetter(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)" + handle,
                "findSetter(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)" + handle,
                "findStaticGetter(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)" + handle,
                "findStaticSetter(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)" + handle,
                "findVarHandle(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/invoke/VarHandle;",
                "findStaticVarHandle(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/invoke/VarHandle;")) {
            int paren = find.indexOf('(');
            hooks.add(EntryHook.at(LOOKUP, find.substring(0, paren), find.substring(paren)).calls(ENTRY, "lookupMembersOf").args(0));
        }
        // a class found by name through the lookup class's loader: the lookup class's class space
        hooks.add(EntryHook.at(LOOKUP, "findClass", "(Ljava/lang/String;)Ljava/lang/Class;").calls(ENTRY, "lookupFindClass").args(THIS));
        return List.copyOf(hooks);
    }
}
