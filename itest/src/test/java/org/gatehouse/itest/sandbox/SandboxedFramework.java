package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.itest.sandbox.extension.SensitiveActions;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.test.support.osgi.TestBundle;
import org.gatehouse.test.support.osgi.TestFramework;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * A real Felix in this JVM (started with the real sandbox agent, {@code -javaagent}) running what
 * the element runs for the sandbox: the distribution's policy engine bundle and the bundles it
 * needs, started first as the launcher does, with a home whose {@code conf/system-policy.xml} the
 * test chooses; then an extension bundle dropped into {@code <home>/extensions/}, holding
 * {@link SensitiveActions} and optionally its own {@code OSGI-INF/gatehouse/policy.xml}.
 *
 * <p>The sandbox bridge takes one decider per JVM, so each test class (its own JVM under
 * failsafe) boots one of these.
 */
final class SandboxedFramework implements AutoCloseable {
    static final String EXTENSION = "org.gatehouse.itest.matrix.extension";
    /** The engine and what it imports, by the file names the distribution ships them under. */
    private static final List<String> ENGINE_BUNDLES = List.of("policy-engine-", "policy-schemas-", "platform-files-", "jackson-",
            "woodstox-core-", "stax2-api-");

    private final Path home;
    private final TestFramework osgi;
    private final Bundle extension;

    private SandboxedFramework(Path home, TestFramework osgi, Bundle extension) {
        this.home = home;
        this.osgi = osgi;
        this.extension = extension;
    }

    /**
     * Boots the framework with {@code systemPolicy} as {@code conf/system-policy.xml} and the
     * extension with {@code extensionPolicy} inside it ({@code null}: no policy of its own).
     */
    static SandboxedFramework boot(Path home, byte[] systemPolicy, String extensionPolicy) throws Exception {
        Distribution distribution = Distribution.located();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path data = Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        Files.createDirectories(conf.resolve("extension-policies"));
        Files.write(conf.resolve("system-policy.xml"), systemPolicy);
        Map<String, String> properties = new HashMap<>(distribution.frameworkProperties(conf, data));
        properties.put("gatehouse.home", home.toString());
        TestFramework osgi = TestFramework.start(data.resolve("felix-cache"), properties);
        List<Bundle> platform = new ArrayList<>();
        for (Path jar : distribution.bundleJars()) {
            String file = jar.getFileName().toString();
            if (ENGINE_BUNDLES.stream().anyMatch(file::startsWith)) {
                platform.add(osgi.install("gatehouse:platform:" + file, jar));
            }
        }
        osgi.startAll(platform);
        Path jar = writeExtension(home.resolve("extensions").resolve("matrix-extension.jar"), extensionPolicy);
        Bundle extension = osgi.install(jar);
        osgi.startAll(List.of(extension));
        return new SandboxedFramework(home, osgi, extension);
    }

    private static Path writeExtension(Path file, String policy) throws IOException {
        // only packages the shipped class-space rules allow an extension
        return writeExtensionJar(file, EXTENSION, Constants.IMPORT_PACKAGE, "org.osgi.framework, javax.net.ssl",
                SensitiveActions.class, policy);
    }

    /**
     * An extension bundle of one class, {@code code}, with one import header and, unless null, its
     * policy at {@code OSGI-INF/gatehouse/policy.xml}.
     */
    static Path writeExtensionJar(Path file, String symbolicName, String importHeader, String imports, Class<?> code,
                                  String policy) throws IOException {
        TestBundle bundle = TestBundle.named(symbolicName).header(importHeader, imports).classes(code);
        if (policy != null) {
            bundle.entry("OSGI-INF/gatehouse/policy.xml", policy);
        }
        return bundle.writeTo(file);
    }

    Path home() {
        return home;
    }

    Path dataDir() {
        return home.resolve("data");
    }

    Framework framework() {
        return osgi.framework();
    }

    Bundle extension() {
        return extension;
    }

    /**
     * Runs one action in the extension's own copy of {@link SensitiveActions}; returns its result
     * or throws what it threw (a {@code SandboxDeniedException} for a denial).
     */
    Object run(String action, Object argument) throws Throwable {
        Class<?> actions = extension.loadClass(SensitiveActions.class.getName());
        if (actions.getClassLoader() == SensitiveActions.class.getClassLoader()) {
            throw new AssertionError("the extension's actions came from the test class path, not from the bundle");
        }
        Method method = actions.getMethod(action, Object.class);
        try {
            return method.invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The policy engine's {@code PolicyService} (another class space: reached by reflection). */
    Object policyService() {
        try {
            ServiceReference<?>[] references = osgi.context()
                    .getAllServiceReferences("org.gatehouse.policy.engine.api.PolicyService", null);
            if (references == null) {
                throw new AssertionError("the policy engine registered no PolicyService");
            }
            return osgi.context().getService(references[0]);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The control module's {@code ExtensionInstaller} replaces an extension's policy, as a confirmed command has it do. */
    void replacePolicy(String symbolicName, byte[] policy) throws Exception {
        ServiceReference<?>[] references = osgi.context().getAllServiceReferences("org.gatehouse.policy.engine.api.ExtensionInstaller", null);
        if (references == null) {
            throw new AssertionError("the policy engine registered no ExtensionInstaller");
        }
        Object installer = osgi.context().getService(references[0]);
        Class<?> api = installer.getClass().getInterfaces()[0];
        try {
            api.getMethod("replacePolicy", String.class, java.util.Optional.class).invoke(installer, symbolicName, java.util.Optional.of(policy));
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    /** The current policy generation. */
    long generation() {
        return (Long) call(call(policyService(), "current"), "generation");
    }

    /** The merge warnings of every extension's policy in the current generation: {@code <codebase id> rejected [...] (...): reason}. */
    List<String> mergeWarnings() {
        Object policy = call(policyService(), "current");
        List<String> warnings = new ArrayList<>();
        for (Object merge : (List<?>) call(policy, "extensions")) {
            Object id = call(call(merge, "codebase"), "id");
            for (Object rejection : (List<?>) call(merge, "rejected")) {
                warnings.add(id + " " + rejection);
            }
        }
        return List.copyOf(warnings);
    }

    /**
     * Calls {@code method} through the public type that declares it (the engine's service classes
     * are package-private and its packages sealed: no setAccessible).
     */
    private static Object call(Object target, String method) {
        try {
            return publicMethod(target.getClass(), method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + method + " on " + target.getClass().getName(), e);
        }
    }

    private static Method publicMethod(Class<?> type, String method) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                return c.getMethod(method);
            }
            for (Class<?> api : c.getInterfaces()) {
                try {
                    return api.getMethod(method);
                } catch (NoSuchMethodException e) {
                    // another interface may declare it
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + method);
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        osgi.close();
    }
}
