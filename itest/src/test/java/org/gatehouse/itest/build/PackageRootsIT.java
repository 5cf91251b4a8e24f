package org.gatehouse.itest.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every module's classes, main and test, live under the package root its artifactId names
 * (docs/architecture.md "Conventions"): {@code org.gatehouse.} plus the artifactId with {@code -}
 * read as {@code .}; a module of {@code sample-extensions/} or {@code bench/} adds its group's word
 * ({@code sample.}, {@code bench.}), and a word that repeats the group ({@code gatehouse-},
 * {@code sample-}, {@code -bench}) is not said twice. So {@code flow-engine} is
 * {@code org.gatehouse.flow.engine}, {@code gatehouse-sdk} is {@code org.gatehouse.sdk},
 * {@code rate-limiter} is {@code org.gatehouse.sample.rate.limiter} and {@code sandbox-bench} is
 * {@code org.gatehouse.bench.sandbox}. Read from the compiled classes of the build, so a new module
 * is covered without editing a list.
 */
class PackageRootsIT {

    /** The package root of a module: its folder's first segment below the build root and its artifactId. */
    static String rootOf(String topFolder, String artifactId) {
        String group = switch (topFolder) {
            case "sample-extensions" -> "sample";
            case "bench" -> "bench";
            default -> "";
        };
        List<String> words = new ArrayList<>(List.of(artifactId.split("-")));
        for (String repeated : group.isEmpty() ? List.of("gatehouse") : List.of("gatehouse", group)) {
            if (words.size() > 1 && words.get(0).equals(repeated)) {
                words.remove(0);
            }
            if (words.size() > 1 && words.get(words.size() - 1).equals(repeated)) {
                words.remove(words.size() - 1);
            }
        }
        return "org.gatehouse." + (group.isEmpty() ? "" : group + ".") + String.join(".", words);
    }

    @Test
    void theRuleReadsArtifactIdsAsTheirPackages() {
        assertEquals("org.gatehouse.flow.engine", rootOf("bundles", "flow-engine"));
        assertEquals("org.gatehouse.dataplane", rootOf("bundles", "dataplane"));
        assertEquals("org.gatehouse.runtime", rootOf("runtime", "gatehouse-runtime"));
        assertEquals("org.gatehouse.sdk", rootOf("extension-sdk", "gatehouse-sdk"));
        assertEquals("org.gatehouse.policy.schemas", rootOf("policy-schemas", "policy-schemas"));
        assertEquals("org.gatehouse.sample.rate.limiter", rootOf("sample-extensions", "rate-limiter"));
        assertEquals("org.gatehouse.sample.bundle.checks", rootOf("sample-extensions", "sample-bundle-checks"));
        assertEquals("org.gatehouse.bench.sandbox", rootOf("bench", "sandbox-bench"));
        assertEquals("org.gatehouse.bench.ldap.fixture", rootOf("bench", "ldap-fixture"));
    }

    @Test
    void everyModulesClassesLieUnderTheRootItsArtifactIdNames() throws Exception {
        Path root = Path.of(System.getProperty("gatehouse.build.root", "..")).toAbsolutePath().normalize();
        List<String> misplaced = new ArrayList<>();
        int modules = 0;
        try (Stream<Path> poms = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("pom.xml"))) {
            for (Path pom : poms.filter(p -> !p.getParent().equals(root)).toList()) {
                modules += misplacedClasses(root, pom.getParent(), misplaced) ? 1 : 0;
            }
        }
        assertTrue(modules >= 25, "modules with compiled classes found under " + root + ": " + modules);
        assertTrue(misplaced.isEmpty(), "classes outside their module's package root:\n" + String.join("\n", misplaced));
    }

    /** The check itself fails on a class outside its module's root, and passes one inside it. */
    @Test
    void aClassOutsideItsModulesRootIsNamed(@TempDir Path build) throws Exception {
        Path module = build.resolve("bundles/flow-engine");
        Files.createDirectories(module.resolve("target/classes/org/gatehouse/flow/engine/api"));
        Files.createDirectories(module.resolve("target/test-classes/org/gatehouse/flow/internal"));
        Files.writeString(module.resolve("pom.xml"), "<project><parent><artifactId>bundles</artifactId></parent>"
                + "<artifactId>flow-engine</artifactId></project>");
        Files.write(module.resolve("target/classes/org/gatehouse/flow/engine/api/Flow.class"), new byte[0]);
        Files.write(module.resolve("target/test-classes/org/gatehouse/flow/internal/StrayTest.class"), new byte[0]);
        List<String> misplaced = new ArrayList<>();
        assertTrue(misplacedClasses(build, module, misplaced));
        assertEquals(List.of("bundles/flow-engine: org.gatehouse.flow.internal.StrayTest is not under org.gatehouse.flow.engine"), misplaced);
    }

    /** Adds each compiled class of the module outside its root to {@code misplaced}; false when it has none compiled. */
    private static boolean misplacedClasses(Path root, Path module, List<String> misplaced) throws Exception {
        String name = root.relativize(module).toString().replace('\\', '/');
        String expected = rootOf(name.split("/")[0], artifactIdOf(module.resolve("pom.xml")));
        boolean compiled = false;
        for (String output : List.of("target/classes", "target/test-classes")) {
            Path classes = module.resolve(output);
            if (!Files.isDirectory(classes)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path c : files.filter(p -> p.toString().endsWith(".class") && !classes.relativize(p).startsWith("META-INF")).toList()) {
                    compiled = true;
                    String className = classes.relativize(c).toString().replace('\\', '/').replaceFirst("\\.class$", "").replace('/', '.');
                    if (!className.startsWith(expected + ".")) {
                        misplaced.add(name + ": " + className + " is not under " + expected);
                    }
                }
            }
        }
        return compiled;
    }

    /** The module's own artifactId: the child of {@code <project>}, not the parent's. */
    private static String artifactIdOf(Path pom) throws IOException {
        try (InputStream in = Files.newInputStream(pom)) {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(in).getDocumentElement();
            for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("artifactId")) {
                    return e.getTextContent().trim();
                }
            }
            throw new IOException(pom + ": no <artifactId> of the project");
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException(pom + ": " + e.getMessage(), e);
        }
    }
}
