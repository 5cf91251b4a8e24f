package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.itest.support.Distribution;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of the in-framework integration tests: boots a real Felix framework (Pax Exam native
 * container) with exactly the bundles the distribution ships ({@code runtime/target/gatehouse/bundles/*.jar}
 * as {@code file:} URLs) and the shipped framework properties, pointed at a conf folder the test
 * writes; and fails every test when any bundle did not resolve or start.
 *
 * <p>Two halves run in two places: the static {@link #gatehouseFramework} runs in the test JVM
 * before the framework starts (from the subclass's {@code @Configuration} method, where certificates
 * and upstreams are made); everything else runs inside the framework, in the probe bundle. They
 * share nothing but framework properties, which is why the conf folder and upstream ports travel
 * that way.
 *
 * <pre>{@code
 * @RunWith(PaxExam.class) @ExamReactorStrategy(PerClass.class)
 * public class SomethingIT extends GatehouseFrameworkTestBase {
 *     @Configuration public Option[] configuration() {
 *         Path conf = newConfDir();
 *         new ElementXml().listener("web", "http", 0).writeTo(conf);
 *         return gatehouseFramework(conf, Map.of());
 *     }
 * }
 * }</pre>
 */
public abstract class GatehouseFrameworkTestBase {

    /** How long a test waits for the data plane to appear or to apply a change. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    protected BundleContext bundleContext;

    // ---- test JVM side: before the framework starts ----

    /** A fresh, empty conf folder for one test class, deleted when the test JVM exits. */
    protected static Path newConfDir() {
        Path conf = temporaryFolder("gatehouse-itest-conf");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(conf), "delete " + conf));
        return conf;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at exit: a left-over folder in /tmp is harmless
        }
    }

    /**
     * The Pax Exam options for a framework running the distribution's bundles with {@code confDir}
     * as {@code gatehouse.conf.dir}; {@code testProperties} become extra framework properties the
     * probe reads back (e.g. upstream ports).
     */
    protected static Option[] gatehouseFramework(Path confDir, Map<String, String> testProperties) {
        Distribution distribution = Distribution.located();
        Path work = temporaryFolder("gatehouse-itest-work");
        List<Option> options = new ArrayList<>();
        options.add(workingDirectory(work.toString()));
        options.add(cleanCaches(true));
        options.add(junitBundles());
        // Pax Exam brings pax-logging-api, which would otherwise take over java.util.logging (where
        // the platform bundles log through System.Logger) and print everything at DEBUG; its own
        // early lines only obey the level as a system property, which the pom sets as well
        options.add(frameworkProperty("org.ops4j.pax.logging.skipJUL").value("true"));
        options.add(frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        distribution.frameworkProperties(confDir, work.resolve("data"))
                .forEach((key, value) -> options.add(frameworkProperty(key).value(value)));
        // the distribution's policy engine starts with the platform and treats any bundle installed
        // later as an extension; Pax Exam installs its probe (these tests) later, at location
        // "local", and the probe must act as platform code: this is the explicit trust the engine's
        // property exists for (a framework property, which no extension can set)
        options.add(frameworkProperty("gatehouse.platform.location.prefixes").value("local"));
        testProperties.forEach((key, value) -> options.add(frameworkProperty(key).value(value)));
        for (Path jar : distribution.bundleJars()) {
            // fragments attach to their host; starting one is an error, so they are only installed
            options.add(bundle(jar.toUri().toString()).start(!isFragment(jar)));
        }
        return options.toArray(Option[]::new);
    }

    private static boolean isFragment(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }

    // ---- inside the framework ----

    /**
     * Fails when any installed bundle is not ACTIVE (or RESOLVED, for a fragment), naming the
     * bundle and the framework's own explanation, so a missing import reads as such and not as
     * a failing request later on.
     */
    @Before
    public void everyBundleResolvedAndActive() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            String problem = problemOf(bundle);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            fail("bundles not resolved or not active:\n  " + String.join("\n  ", problems));
        }
    }

    private static String problemOf(Bundle bundle) {
        boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
        if (fragment) {
            return bundle.getState() == Bundle.RESOLVED ? null
                    : bundle.getSymbolicName() + " (fragment) is not resolved, state " + bundle.getState();
        }
        if (bundle.getState() == Bundle.ACTIVE) {
            return null;
        }
        try {
            bundle.start();
            return bundle.getSymbolicName() + " " + bundle.getVersion() + " was not active (state "
                    + bundle.getState() + ") although it starts";
        } catch (BundleException e) {
            return bundle.getSymbolicName() + " " + bundle.getVersion() + " from " + bundle.getLocation() + ": "
                    + e.getMessage();
        }
    }

    /** The data plane service, waiting for it up to {@link #PATIENCE}. */
    protected DataPlane dataPlane() {
        ServiceTracker<DataPlane, DataPlane> tracker = new ServiceTracker<>(bundleContext, DataPlane.class, null);
        tracker.open();
        try {
            DataPlane service = tracker.waitForService(PATIENCE.toMillis());
            assertNotNull("no DataPlane service registered within " + PATIENCE
                    + "; is the data plane bundle active and conf/element.xml valid?", service);
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the DataPlane service", e);
        } finally {
            tracker.close();
        }
    }

    /** The conf folder this framework reads, as written by the test JVM side. */
    protected Path confDir() {
        return Path.of(requiredProperty("gatehouse.conf.dir"));
    }

    /** A framework property the test JVM side set; fails when it is missing. */
    protected String requiredProperty(String key) {
        String value = bundleContext.getProperty(key);
        assertNotNull("framework property " + key + " is not set", value);
        return value;
    }

    /** The port the named listener is actually bound to. */
    protected int listenerPort(String listener) {
        InetSocketAddress address = dataPlane().boundAddresses().get(listener);
        assertNotNull("listener " + listener + " is not bound; bound: " + dataPlane().boundAddresses(), address);
        return address.getPort();
    }

    /** Waits until the data plane has applied a configuration newer than {@code generation}. */
    protected long awaitGenerationAfter(long generation) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            long current = dataPlane().generation();
            if (current > generation) {
                return current;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the data plane did not apply a new configuration within " + PATIENCE
                + " (still generation " + generation + ")");
    }

    /** Sends a GET and returns the response with its body as text. */
    protected static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(PATIENCE).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Asserts the element's own JSON error answer, naming the route it chose ({@code null} when
     * none): {@code {"error":{"status":502,"code":"...","message":"...","route":"api"}}}.
     */
    protected static void assertJsonError(HttpResponse<String> response, int status, String route) {
        assertJsonError(response, status);
        String expected = "\"route\":" + (route == null ? "null" : "\"" + route + "\"");
        if (!response.body().replace(" ", "").contains(expected)) {
            fail("error answer of " + response.uri() + " should name " + expected + ": " + response.body());
        }
    }

    /** Asserts the element's own JSON error answer: status, content type and body shape. */
    protected static void assertJsonError(HttpResponse<String> response, int status) {
        assertEquals("status of " + response.uri() + ", body " + response.body(), status, response.statusCode());
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (!contentType.startsWith("application/json")) {
            fail("error answer of " + response.uri() + " has content type '" + contentType + "', body " + response.body());
        }
        String body = response.body().replace(" ", "");
        if (!body.contains("\"error\":{") || !body.contains("\"status\":" + status)) {
            fail("error answer of " + response.uri() + " is not {\"error\":{\"status\":" + status + ",...}}: "
                    + response.body());
        }
    }
}
