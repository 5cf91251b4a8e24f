package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itest.sandbox.CanaryArguments.Aim;
import org.gatehouse.itest.sandbox.PlatformClasses.PlatformClass;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.sandbox.bridge.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deputy matrix: every class of every platform jar the distribution ships (read from the jars,
 * no list), tried from an extension in the real Felix with the real agent and engine
 * ({@link DeputyFramework}), under the shipped policy.
 * <ul>
 *   <li>its own loader resolves only the class space the shipped policy allows (and the
 *       bootdelegated bridge), although the extension asks for every package there is;</li>
 *   <li>a class it cannot resolve, handed to it as a {@code Class} object, cannot be looked into
 *       ({@code reflect classSpace:<class>}) nor asked for its loader ({@code runtime getClassLoader});</li>
 *   <li>every public static method and public constructor of the classes it can reach (its class
 *       space, and the boot loader's, which it may always name) is called by it with canary
 *       arguments, and no canary trace appears: no file, no process marker, no connection; every
 *       denial on the way is the extension's;</li>
 *   <li>the declared boundaries on the other side: its own code writes where it is granted, a
 *       platform helper acting for it is decided as it, a helper behind {@code Privileged} acts on
 *       its own authority, and a thread it starts stays its own.</li>
 * </ul>
 * The run is bounded: each call has {@link #CALL_TIMEOUT_SECONDS} (a call still running then is
 * skipped and named in the output), the whole invocation pass {@link #INVOCATION_BUDGET_SECONDS}
 * and at most {@link #MAX_CALLS} calls; past either it fails rather than cover less.
 */
class DeputyMatrixIT {
    private static final long CALL_TIMEOUT_SECONDS = 3;
    private static final long INVOCATION_BUDGET_SECONDS = 120;
    /** More calls than this means the reachable surface grew a lot: worth a look before the budget grows. */
    private static final int MAX_CALLS = 20_000;
    private static final Pattern ALLOW_PACKAGE = Pattern.compile("<allow-package name=\"([^\"]+)\"/>");

    private static Path home;
    private static Path outside;
    private static DeputyFramework element;
    private static List<PlatformClass> classes;
    private static CanaryArguments canary;
    private static List<String> allowedPackages;

    @BeforeAll
    static void bootEveryPlatformBundleAndTheProbe() throws Exception {
        home = Files.createTempDirectory("gatehouse-deputy-matrix");
        outside = Files.createTempDirectory("gatehouse-deputy-canary");
        element = DeputyFramework.boot(home);
        Distribution distribution = Distribution.located();
        long start = System.nanoTime();
        classes = PlatformClasses.of(PlatformJars.of(distribution), element);
        canary = new CanaryArguments(outside);
        allowedPackages = allowedPackages(distribution);
        System.out.printf("deputy matrix: %d classes in %d jars loaded in %d ms; bundles not resolved: %s; not loadable by the platform"
                        + " either (so never handed to an extension): %s%n",
                classes.size(), PlatformJars.of(distribution).size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                element.unresolvedBundles(), classes.stream().filter(c -> c.loaded() == null).map(c -> c.name() + " (" + c.whyNotLoaded() + ")")
                        .toList());
    }

    @AfterAll
    static void stop() throws Exception {
        if (canary != null) {
            canary.close();
        }
        if (element != null) {
            element.close();
        }
    }

    /** The class-space allow-list of the shipped policy, and the framework's boot delegation: read from what ships. */
    private static List<String> allowedPackages(Distribution distribution) throws IOException {
        List<String> allowed = new ArrayList<>();
        Matcher allow = ALLOW_PACKAGE.matcher(Files.readString(distribution.confDir().resolve("system-policy.xml")));
        while (allow.find()) {
            allowed.add(allow.group(1));
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(distribution.confDir().resolve("gatehouse.properties"))) {
            properties.load(in);
        }
        for (String delegated : properties.getProperty("org.osgi.framework.bootdelegation", "").split(",")) {
            if (!delegated.isBlank()) {
                allowed.add(delegated.trim());
            }
        }
        return List.copyOf(allowed);
    }

    private static boolean allowed(String packageName) {
        return allowedPackages.stream().anyMatch(pattern -> pattern.endsWith(".*")
                ? packageName.startsWith(pattern.substring(0, pattern.length() - 1)) : packageName.equals(pattern));
    }

    @Test
    void everyClassOfEveryPlatformJarIsCovered() {
        assertTrue(classes.stream().anyMatch(c -> c.name().equals(DeputyAttackStepNames.SECURE_ACTION)), "Felix's SecureAction is enumerated");
        assertTrue(classes.stream().anyMatch(c -> c.jar().getFileName().toString().equals("gatehouse-runtime.jar")), "the launcher is enumerated");
        assertTrue(classes.stream().anyMatch(c -> c.jar().getFileName().toString().equals("sandbox-agent.jar")), "the agent is enumerated");
        assertTrue(classes.stream().anyMatch(c -> c.jar().getFileName().toString().startsWith("netty-codec-http-")), "the bundles are enumerated");
        assertEquals(List.of(), element.unresolvedBundles(), "every platform bundle resolves, so each of its classes can be tried");
    }

    @Test
    void itsOwnLoaderResolvesOnlyTheAllowedClassSpace() throws Exception {
        List<String> escaped = new ArrayList<>();
        int resolved = 0;
        for (PlatformClass platformClass : classes) {
            Class<?> seen = (Class<?>) element.probe("resolve", platformClass.name());
            Class<?> seenByTheJdk = (Class<?>) element.probe("resolveThroughTheJdk", platformClass.name());
            if (seenByTheJdk != seen && (seen == null || !allowed(platformClass.packageName()))) {
                escaped.add(platformClass.jar().getFileName() + ": " + platformClass.name() + " (asked through the JDK)");
            }
            if (seen != null) {
                resolved++;
                if (!allowed(platformClass.packageName())) {
                    escaped.add(platformClass.jar().getFileName() + ": " + platformClass.name());
                }
            }
        }
        System.out.printf("deputy matrix: the extension's own loader resolves %d of %d platform classes%n", resolved, classes.size());
        assertEquals(List.of(), escaped, "classes outside the allowed class space " + allowedPackages + " that the extension resolves");
        // the other side: what is allowed does resolve, although the extension only asked dynamically
        assertNotNull(element.probe("resolve", "org.gatehouse.sdk.bladelet.Bladelet"), "the SDK resolves");
        assertNotNull(element.probe("resolve", "org.osgi.framework.FrameworkUtil"), "the framework API resolves");
        assertNotNull(element.probe("resolve", "org.gatehouse.sandbox.bridge.SandboxDeniedException"), "the bridge is boot-delegated");
        assertNull(element.probe("resolve", DeputyAttackStepNames.SECURE_ACTION));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatItCannotResolveItCannotLookIntoNorAskTheLoaderOf() throws Exception {
        List<String> failures = new ArrayList<>();
        int tried = 0;
        long start = System.nanoTime();
        for (PlatformClass platformClass : classes) {
            Class<?> type = platformClass.loaded();
            if (type == null || type.getClassLoader() == null || element.probe("resolve", platformClass.name()) == type) {
                continue;
            }
            tried++;
            Map<String, String> outcomes = (Map<String, String>) element.probe("reflectOn", type);
            outcomes.forEach((attempt, outcome) -> {
                String permission = attempt.equals("getClassLoader") ? "runtime getClassLoader" : "reflect classSpace:" + type.getName();
                if (!outcome.startsWith("DENIED ") || !outcome.contains("permission [" + permission + "]")
                        || !outcome.contains(DeputyFramework.CODEBASE)) {
                    failures.add(platformClass.jar().getFileName() + " " + type.getName() + " (" + type.getClassLoader() + ") " + attempt + ": " + outcome);
                }
            });
        }
        System.out.printf("deputy matrix: %d classes out of the extension's class space tried in %d ms%n", tried,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertTrue(tried > 1000, "thousands of platform classes are out of its reach: " + tried);
        Map<String, Long> byJar = failures.stream().collect(java.util.stream.Collectors.groupingBy(f -> f.substring(0, f.indexOf(' ')),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        System.out.println("deputy matrix: attempts not denied, by jar: " + byJar);
        assertEquals(List.of(), failures.subList(0, Math.min(50, failures.size())), failures.size() + " attempts not denied");
    }

    @Test
    void whatItCanReachDoesNothingForItWhateverItPasses() throws Exception {
        List<Executable> targets = new ArrayList<>();
        for (PlatformClass platformClass : classes) {
            Class<?> reachable = reachable(platformClass);
            if (reachable != null && Modifier.isPublic(reachable.getModifiers())) {
                targets.addAll(publicStaticMethodsAndConstructors(reachable));
            }
        }
        assertTrue(targets.size() * Aim.values().length <= MAX_CALLS, targets.size() + " entry points reachable from an extension");
        List<String> undue = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int calls = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(INVOCATION_BUDGET_SECONDS);
        ExecutorService caller = Executors.newSingleThreadExecutor(DeputyMatrixIT::callerThread);
        try {
            for (Executable target : targets) {
                for (Aim aim : Aim.values()) {
                    assertTrue(System.nanoTime() < deadline, "the invocation pass ran out of its budget after " + calls + " calls of "
                            + targets.size() * Aim.values().length);
                    Object[] arguments = canary.forParameters(target.getParameterTypes(), aim);
                    Future<?> call = caller.submit(() -> element.probe("invoke", target, arguments));
                    calls++;
                    try {
                        String outcome = (String) call.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        // a decision names the codebase it was made for; the bridge's own refusal of an
                        // argument it cannot name is made for no one, and allows nothing either
                        if (outcome.startsWith("DENIED ") && outcome.contains("codebase [") && !outcome.contains(DeputyFramework.CODEBASE)) {
                            undue.add(target + " " + aim + ": a denial that is not the extension's: " + outcome);
                        }
                    } catch (TimeoutException blocks) {
                        // a call that waits for ever (an argument it blocks on) says nothing about deputies: skipped, named
                        skipped.add(target + " " + aim + ": still running after " + CALL_TIMEOUT_SECONDS + " s");
                        caller.shutdownNow();
                        caller = Executors.newSingleThreadExecutor(DeputyMatrixIT::callerThread);
                    }
                }
            }
        } finally {
            caller.shutdownNow();
        }
        System.out.printf("deputy matrix: %d public static methods and constructors of reachable platform classes, %d calls, skipped: %s%n",
                targets.size(), calls, skipped);
        assertTrue(targets.size() > 50, "the SDK, the framework API and the bridge have public entry points: " + targets.size());
        assertEquals(List.of(), canary.traces(), "a platform class acted for the extension");
        assertEquals(List.of(), undue);
    }

    /** The class the extension gets for this name: from its own loader, else from the boot loader; null when neither. */
    private static Class<?> reachable(PlatformClass platformClass) throws Exception {
        Class<?> own = (Class<?>) element.probe("resolve", platformClass.name());
        return own != null ? own : (Class<?>) element.probe("resolveFromBoot", platformClass.name());
    }

    private static List<Executable> publicStaticMethodsAndConstructors(Class<?> type) {
        List<Executable> found = new ArrayList<>();
        try {
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())) {
                    found.add(method);
                }
            }
            if (!Modifier.isAbstract(type.getModifiers())) {
                for (Constructor<?> constructor : type.getConstructors()) {
                    found.add(constructor);
                }
            }
        } catch (LinkageError missingDependency) {
            System.out.println("deputy matrix: " + type.getName() + " cannot list its members: " + missingDependency);
        }
        return found;
    }

    private static Thread callerThread(Runnable body) {
        Thread thread = new Thread(body, "deputy-matrix-caller");
        thread.setDaemon(true);
        return thread;
    }

    /** The declared boundaries, both sides, for an extension granted {@code ${gatehouse.data}/granted}. */
    @Test
    void theDeclaredBoundariesWorkForAGrantedExtension() throws Exception {
        Path granted = element.dataDir().resolve("granted");
        Consumer<Path> helper = DeputyMatrixIT::writeAsThePlatform;
        Consumer<Path> helperBehindBoundary = file -> Privileged.run(() -> writeAsThePlatform(file));

        assertDone(element.probe("writeOwn", granted.resolve("own.txt")), granted.resolve("own.txt"));
        assertDenied(element.probe("writeOwn", outside.resolve("own.txt")), outside.resolve("own.txt"));

        // a platform helper below the extension is trusted, and the request is still the extension's
        assertDone(element.probe("callHelper", helper, granted.resolve("helper.txt")), granted.resolve("helper.txt"));
        assertDenied(element.probe("callHelper", helper, outside.resolve("helper.txt")), outside.resolve("helper.txt"));

        // behind a declared boundary the helper acts on its own authority
        assertDone(element.probe("callHelper", helperBehindBoundary, outside.resolve("boundary.txt")), outside.resolve("boundary.txt"));

        // a thread the extension starts stays the extension's, whatever platform code it runs
        assertDone(element.probe("callHelperOnOwnThread", helper, granted.resolve("thread.txt")), granted.resolve("thread.txt"));
        assertDenied(element.probe("callHelperOnOwnThread", helper, outside.resolve("thread.txt")), outside.resolve("thread.txt"));
    }

    private static void writeAsThePlatform(Path file) {
        try {
            Files.writeString(file, "written by a platform helper");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertDone(Object outcome, Path file) {
        assertTrue(String.valueOf(outcome).startsWith("DONE"), file + ": " + outcome);
        assertTrue(Files.exists(file), file + " was written");
    }

    private static void assertDenied(Object outcome, Path file) {
        assertTrue(String.valueOf(outcome).startsWith("DENIED"), file + ": " + outcome);
        assertTrue(String.valueOf(outcome).contains(DeputyFramework.CODEBASE), "the extension's request: " + outcome);
        assertTrue(String.valueOf(outcome).contains("permission [file " + file + " write]"), String.valueOf(outcome));
        assertFalse(Files.exists(file), file + " was not written");
    }

    /** Names shared with the attacker's step, without loading its SDK types here. */
    private static final class DeputyAttackStepNames {
        static final String SECURE_ACTION = "org.apache.felix.framework.util.SecureAction";
    }
}
