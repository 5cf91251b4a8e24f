package org.gatehouse.itest.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.StepResult;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.itest.support.Distribution;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.gatehouse.test.support.osgi.TestFramework;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension developer's quick start, from the distribution (docs/extensions.md "The SDK from
 * the distribution"): the distribution's {@code sdk/repository} copied into a fresh local Maven
 * repository, then {@code mvn archetype:generate} and {@code mvn verify} of the new project. It
 * compiles against the shipped SDK, its unit test passes on the shipped test kit, and the jar it
 * makes is a bundle whose descriptor the element's reader accepts, whose step the test kit runs,
 * and which resolves in Felix against the shipped API bundle.
 *
 * <p>Both Maven runs use that fresh local repository (so neither an older SDK in the machine's
 * repository nor a missing {@code mvn install} can decide the result) and read every other
 * artifact from the machine's local repository as a file repository: no network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtensionQuickStartIT {
    private static final long MAVEN_RUN_LIMIT_SECONDS = 300;

    @TempDir
    static Path repository;

    private Path builtJar;

    /** Generates and builds the project once; the tests look at the results. */
    @BeforeAll
    void generateAndBuild() throws Exception {
        Path work = Path.of(property("gatehouse.it.work"));
        deleteTree(work);
        Files.createDirectories(work);
        stageGatehouseArtifacts();
        Path settings = writeSettings(work);

        maven(work, settings, "generate.log", "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate",
                "-DinteractiveMode=false", "-DarchetypeGroupId=org.gatehouse", "-DarchetypeArtifactId=extension-archetype",
                "-DarchetypeVersion=" + version(), "-DgroupId=com.example.ext", "-DartifactId=demo-extension",
                "-Dversion=1.0.0", "-Dpackage=com.example.ext");
        Path project = work.resolve("demo-extension");
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/com/example/ext/HeaderRewriteStep.java")));

        maven(project, settings, "verify.log", "verify");
        builtJar = project.resolve("target/demo-extension-1.0.0.jar");
    }

    @Test
    void generatedProjectsTestsPass() throws Exception {
        Path reports = builtJar.getParent().resolve("surefire-reports");
        String report = Files.readString(reports.resolve("TEST-com.example.ext.HeaderRewriteStepTest.xml"));
        assertTrue(report.contains("tests=\"3\"") && report.contains("failures=\"0\"") && report.contains("errors=\"0\""), report);
    }

    @Test
    void bundleImportsOnlyTheSdkAndItsDescriptorReads() throws Exception {
        Path jar = builtJar;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            assertEquals("com.example.ext.demo-extension", manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
            String imports = manifest.getMainAttributes().getValue("Import-Package");
            // the consumer range bnd derives from the SDK it compiled against: this major version, from its minor on
            assertTrue(imports.matches(".*org\\.gatehouse\\.sdk\\.bladelet;version=\"\\[1\\.\\d+,2\\)\".*"), imports);
            assertFalse(imports.contains("org.gatehouse.extension"), "the test kit must not leak into the bundle: " + imports);
            // java.* is boot-delegated; the element's install qualification refuses a bundle importing it
            assertFalse(imports.matches("(^|.*,)java\\..*"), "the bundle must not import java.*: " + imports);
        }
        ExtensionDescriptor descriptor = new BladeletDescriptorReader().readFromJar(jar);
        assertEquals(BladeletKind.STEP, descriptor.requireBladelet("header-rewrite").kind());
        assertEquals("com.example.ext.HeaderRewriteStep", descriptor.requireBladelet("header-rewrite").className());
    }

    @Test
    void theBuiltStepRunsInTheTestKit() throws Exception {
        try (BladeletUnderTest step = BladeletHarness.fromJar(builtJar).bladelet("header-rewrite")
                .parameter("header", "X-Built").parameter("value", "yes").parameter("mode", "add").start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("X-Built", "no").build());
            assertEquals(List.of("no", "yes"), result.message().headers().all("x-built"));
        }
    }

    /**
     * In a real framework the bundle does not resolve without the API bundle (its imports are
     * real), and with it the step class implements the API bundle's {@code Bladelet}.
     */
    @Test
    void bundleResolvesAgainstTheApiBundleInFelix(@TempDir Path storage) throws Exception {
        try (TestFramework framework = TestFramework.start(storage)) {
            Bundle extension = framework.install(builtJar);
            BundleException unresolved = assertThrows(BundleException.class, extension::start);
            assertTrue(unresolved.getMessage().contains("org.gatehouse.sdk"), unresolved.getMessage());

            Bundle api = framework.install(shippedSdkJar());
            extension.start();
            assertEquals(Bundle.ACTIVE, extension.getState());
            Class<?> step = extension.loadClass("com.example.ext.HeaderRewriteStep");
            Class<?> contract = api.loadClass(Bladelet.class.getName());
            assertTrue(contract.isAssignableFrom(step));
            assertEquals(api, FrameworkUtil.getBundle(contract));
        }
    }

    /** Copies the distribution's SDK repository into the fresh local repository, as its README tells a developer to. */
    private void stageGatehouseArtifacts() throws IOException {
        Path shipped = sdkRepository();
        assertTrue(Files.isDirectory(shipped.resolve("org/gatehouse/gatehouse-sdk")), "the distribution ships no SDK: " + shipped);
        try (var files = Files.walk(shipped)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = repository.resolve(shipped.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static Path sdkRepository() {
        return Distribution.located().home().resolve("sdk/repository");
    }

    /** The API bundle as the distribution ships it. */
    private static Path shippedSdkJar() {
        return sdkRepository().resolve("org/gatehouse/gatehouse-sdk").resolve(version()).resolve("gatehouse-sdk-" + version() + ".jar");
    }

    /** The machine's local repository, read as a remote file repository; checksums are not kept there. */
    private static Path writeSettings(Path work) throws IOException {
        String url = Path.of(property("gatehouse.it.machine.repository")).toUri().toString();
        String repositoryXml = "<id>central</id><url>" + url + "</url>"
                + "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
        String settings = "<settings><profiles><profile><id>machine</id>"
                + "<repositories><repository>" + repositoryXml + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + repositoryXml + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>machine</activeProfile></activeProfiles></settings>";
        Path file = work.resolve("settings.xml");
        Files.writeString(file, settings);
        return file;
    }

    private void maven(Path dir, Path settings, String logName, String... goalsAndProperties) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(property("gatehouse.it.maven.home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(goalsAndProperties));
        Path log = dir.getParent() == null ? dir.resolve(logName) : dir.resolveSibling(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_ARGS");
        Process process = builder.start();
        if (!process.waitFor(MAVEN_RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", goalsAndProperties[0]) + " did not finish in " + MAVEN_RUN_LIMIT_SECONDS
                    + " s; log: " + log);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("mvn " + goalsAndProperties[0] + " exited " + process.exitValue() + " in " + dir + "; last lines of "
                    + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }

    /** A setting the failsafe configuration in this module's pom passes; run the test through Maven. */
    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run this test with mvn verify");
        }
        return value;
    }

    private static String version() {
        return property("gatehouse.version");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
