package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.itest.sandbox.extension.ClassSpaceProbe;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.test.support.osgi.TestFramework;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The deputy matrix's element: a real Felix in this JVM (started with the real agent) with every
 * bundle of the distribution installed before the policy engine starts, so all of them are
 * platform and their classes can be loaded as the element loads them; only the engine and what it
 * needs are started, as in {@link SandboxedFramework}. Then one extension from
 * {@code <home>/extensions/}: {@link ClassSpaceProbe}, with {@code DynamicImport-Package: *} (it
 * asks for every package there is; the class-space rules decide what it gets) and a policy asking
 * to write one granted folder and to start threads.
 */
final class DeputyFramework implements AutoCloseable {
    static final String EXTENSION = "org.gatehouse.itest.deputy.probe";
    static final String CODEBASE = "ext:" + EXTENSION + "/1.0.0";
    private static final List<String> ENGINE_BUNDLES = List.of("policy-engine-", "policy-schemas-", "platform-files-", "jackson-",
            "woodstox-core-", "stax2-api-");
    private static final String OVERRIDABLE = """
              <overridable>
                <codebase symbolic-name="%s"/>
                <permission type="file" name="${gatehouse.data}/granted/-" actions="read,write"/>
              </overridable>
            """.formatted(EXTENSION);
    private static final String POLICY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <extension-policy xmlns="urn:gatehouse:extension-policy:1">
              <permission type="file" name="${gatehouse.data}/granted/-" actions="read,write"/>
              <permission type="runtime" name="createThread"/>
            </extension-policy>
            """;

    private final Path home;
    private final TestFramework osgi;
    private final Map<Path, Bundle> platformBundles;
    private final Bundle extension;
    private final List<String> unresolved;
    private final Map<String, Method> probeMethods = new java.util.concurrent.ConcurrentHashMap<>();

    private DeputyFramework(Path home, TestFramework osgi, Map<Path, Bundle> platformBundles, Bundle extension, List<String> unresolved) {
        this.home = home;
        this.osgi = osgi;
        this.platformBundles = platformBundles;
        this.extension = extension;
        this.unresolved = unresolved;
    }

    /**
     * Boots it under the shipped system policy, with one overridable element added: the probe may
     * ask to write {@code ${gatehouse.data}/granted}.
     */
    static DeputyFramework boot(Path home) throws Exception {
        Distribution distribution = Distribution.located();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path data = Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        Files.createDirectories(conf.resolve("extension-policies"));
        Files.createDirectories(data.resolve("granted"));
        String shipped = Files.readString(distribution.confDir().resolve("system-policy.xml"));
        Files.writeString(conf.resolve("system-policy.xml"), shipped.replace("  <restrictions>", OVERRIDABLE + "\n  <restrictions>"));
        Map<String, String> properties = new HashMap<>(distribution.frameworkProperties(conf, data));
        properties.put("gatehouse.home", home.toString());
        TestFramework osgi = TestFramework.start(data.resolve("felix-cache"), properties);
        Map<Path, Bundle> platform = new LinkedHashMap<>();
        for (Path jar : distribution.bundleJars()) {
            platform.put(jar, osgi.install("gatehouse:platform:" + jar.getFileName(), jar));
        }
        // not the harness's start: a platform bundle that does not resolve here is a finding the
        // matrix reports (unresolvedBundles), not a reason to stop; only the engine's must start
        osgi.framework().adapt(FrameworkWiring.class).resolveBundles(platform.values());
        List<String> unresolved = new ArrayList<>();
        List<Bundle> engine = new ArrayList<>();
        platform.forEach((jar, bundle) -> {
            String file = jar.getFileName().toString();
            if (bundle.getState() == Bundle.INSTALLED) {
                unresolved.add(file);
            }
            if (ENGINE_BUNDLES.stream().anyMatch(file::startsWith)) {
                engine.add(bundle);
            }
        });
        osgi.startAll(engine);
        Path jar = writeExtension(home.resolve("extensions").resolve("deputy-probe.jar"));
        Bundle extension = osgi.install(jar);
        osgi.startAll(List.of(extension));
        return new DeputyFramework(home, osgi, Map.copyOf(platform), extension, List.copyOf(unresolved));
    }

    private static Path writeExtension(Path file) throws IOException {
        // every package there is: what it may have is for the class-space rules to say, not for this manifest
        return SandboxedFramework.writeExtensionJar(file, EXTENSION, Constants.DYNAMICIMPORT_PACKAGE, "*",
                ClassSpaceProbe.class, POLICY);
    }

    Path dataDir() {
        return home.resolve("data");
    }

    /** The installed platform bundle of a jar of {@code bundles/}. */
    Bundle platformBundle(Path jar) {
        return platformBundles.get(jar);
    }

    /** Jars of {@code bundles/} whose bundle the framework could not resolve (their classes cannot be loaded). */
    List<String> unresolvedBundles() {
        return unresolved;
    }

    /** Calls a static method of the extension's own copy of {@link ClassSpaceProbe}, as the extension. */
    Object probe(String method, Object... arguments) throws Exception {
        try {
            return probeMethods.computeIfAbsent(method, this::probeMethod).invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private Method probeMethod(String name) {
        try {
            Class<?> probe = extension.loadClass(ClassSpaceProbe.class.getName());
            if (probe.getClassLoader() == ClassSpaceProbe.class.getClassLoader()) {
                throw new AssertionError("the probe came from the test class path, not from the extension bundle");
            }
            for (Method candidate : probe.getMethods()) {
                if (candidate.getName().equals(name)) {
                    return candidate;
                }
            }
            throw new AssertionError("no probe method " + name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the extension has no probe", e);
        }
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        osgi.close();
    }
}
