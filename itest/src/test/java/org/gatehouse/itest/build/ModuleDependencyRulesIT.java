package org.gatehouse.itest.build;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules between modules that matter (docs/architecture.md "Modules"), checked with
 * ArchUnit on the compiled classes of every module of the build: no platform bundle uses another
 * bundle's internals, the extension SDK uses nothing of the platform, the control module nothing
 * of the data plane, and the sample extensions nothing but the SDK. A module is a folder with
 * {@code target/classes}; a bundle is a module whose manifest names a symbolic name, and its
 * exports are its manifest's {@code Export-Package}. New modules are covered without editing a list.
 */
class ModuleDependencyRulesIT {
    private static final String OUR_CLASSES = "org.gatehouse..";
    private static Map<Path, Module> modules;
    private static JavaClasses all;
    /** Dependencies from one bundle to an exported package of another, seen by the first rule. */
    private static int exportedUsesSeen;

    /** One module of the build: its folder, its classes and, for a bundle, what it exports. */
    record Module(String name, Path classes, boolean bundle, Set<String> exports) {
    }

    @BeforeAll
    static void importEveryModule() throws IOException {
        Path root = Path.of(System.getProperty("gatehouse.build.root", "..")).toAbsolutePath().normalize();
        modules = new HashMap<>();
        try (Stream<Path> dirs = Files.find(root, 4, (p, a) -> p.endsWith("target/classes") && a.isDirectory())) {
            for (Path classes : dirs.filter(p -> !root.relativize(p).startsWith("itest")).toList()) {
                Path folder = classes.getParent().getParent();
                modules.put(classes, module(root.relativize(folder).toString(), classes));
            }
        }
        all = new ClassFileImporter().importPaths(modules.keySet());
    }

    private static Module module(String name, Path classes) throws IOException {
        Path manifestFile = classes.resolve("META-INF/MANIFEST.MF");
        if (!Files.exists(manifestFile)) {
            return new Module(name, classes, false, Set.of());
        }
        try (InputStream in = Files.newInputStream(manifestFile)) {
            var main = new Manifest(in).getMainAttributes();
            String exports = Optional.ofNullable(main.getValue("Export-Package")).orElse("");
            return new Module(name, classes, main.getValue("Bundle-SymbolicName") != null, packagesOf(exports));
        }
    }

    /** The package names of an Export-Package header (attributes and quoted lists left out). */
    private static Set<String> packagesOf(String header) {
        return Stream.of(header.replaceAll("\"[^\"]*\"", "").split(","))
                .map(clause -> clause.split(";", 2)[0].trim()).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
    }

    private static Module moduleOf(JavaClass c) {
        String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
        for (Module m : modules.values()) {
            if (uri.startsWith(m.classes().toUri().toString())) {
                return m;
            }
        }
        return null;
    }

    private static DescribedPredicate<JavaClass> inModulesUnder(String prefix) {
        return DescribedPredicate.describe("in modules under " + prefix + "/", c -> {
            Module m = moduleOf(c);
            return m != null && m.name().startsWith(prefix + "/");
        });
    }

    @Test
    void noBundleUsesAnotherBundlesInternals() {
        holds(classes().that().resideInAPackage(OUR_CLASSES).should(new ArchCondition<JavaClass>("use only what other bundles export") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Module from = moduleOf(origin);
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    Module to = target.getPackageName().startsWith("org.gatehouse.") ? moduleOf(target) : null;
                    if (from == null || !from.bundle() || to == null || from == to || !to.bundle()) {
                        continue;
                    }
                    if (to.exports().contains(target.getPackageName())) {
                        exportedUsesSeen++;
                    } else {
                        events.add(SimpleConditionEvent.violated(d, from.name() + " uses " + target.getName()
                                + ", internal to " + to.name() + ": " + d.getDescription()));
                    }
                }
            }
        }));
        assertTrue(exportedUsesSeen > 0, "the rule saw no bundle using another's exported package: nothing was checked");
    }

    /**
     * The SDK may use the published document schemas (its descriptor reader validates against
     * them), and nothing else of the platform.
     */
    @Test
    void theExtensionSdkUsesNothingOfThePlatform() {
        holds(noClasses().that(inModulesUnder("extension-sdk")).should().dependOnClassesThat(
                DescribedPredicate.describe("belong to the platform, the published schemas aside", (JavaClass c) -> {
                    Module m = c.getPackageName().startsWith("org.gatehouse.") ? moduleOf(c) : null;
                    return m != null && !m.name().startsWith("extension-sdk/") && !m.name().equals("policy-schemas");
                })));
    }

    @Test
    void theControlModuleUsesNothingOfTheDataPlaneOrTheManagementPlane() {
        holds(noClasses().that(inModulesUnder("security-control")).should().dependOnClassesThat(
                DescribedPredicate.describe("belong to bundles/", (JavaClass c) -> {
                    Module m = c.getPackageName().startsWith("org.gatehouse.") ? moduleOf(c) : null;
                    return m != null && m.name().startsWith("bundles/");
                })));
    }

    @Test
    void sampleExtensionsUseOnlyTheSdk() {
        holds(noClasses().that(inModulesUnder("sample-extensions")).and(DescribedPredicate.describe("are not the samples' test support",
                (JavaClass c) -> !moduleOf(c).name().endsWith("sample-bundle-checks"))).should().dependOnClassesThat(
                DescribedPredicate.describe("belong to the platform", (JavaClass c) -> {
                    Module m = c.getPackageName().startsWith("org.gatehouse.") ? moduleOf(c) : null;
                    return m != null && !m.name().startsWith("extension-sdk/") && !m.name().startsWith("sample-extensions/");
                })));
    }

    /** Every module kind the rules speak of was found and imported: none of them holds vacuously. */
    @Test
    void everyKindOfModuleIsImported() {
        for (String kind : new String[] {"bundles/", "extension-sdk/", "security-control/", "sample-extensions/"}) {
            assertTrue(all.stream().anyMatch(c -> moduleOf(c) != null && moduleOf(c).name().startsWith(kind)),
                    "no classes of " + kind + " imported from " + modules.keySet());
        }
        assertTrue(modules.values().stream().filter(Module::bundle).count() >= 10, "bundles found: " + modules.values());
    }

    private static void holds(ArchRule rule) {
        var result = rule.evaluate(all);
        assertFalse(result.hasViolation(), () -> String.join("\n", result.getFailureReport().getDetails()));
    }
}
