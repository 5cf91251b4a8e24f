package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * Every XML example of the project's documentation ({@code ```xml} blocks in the README files and
 * docs/) is valid against its schema, so a reader who copies one gets a document the element
 * takes. A whole document is checked as it is; a fragment of a kind the documentation shows on its
 * own (a flow step, a policy permission) inside the smallest document that holds it. Illustrations
 * with placeholders are written as indented blocks, which are not checked.
 */
class DocumentationExamplesTest {
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ROOT = Pattern.compile("<([A-Za-z][\\w.-]*)[\\s/>]");
    private static final List<String> SKIPPED_FOLDERS = List.of("target", ".git", "node_modules");

    /** One example: where it is, the document checked, the schema. */
    private record Example(String place, String document, GatehouseSchema schema) {
    }

    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("policy-schemas")) ? here : here.getParent();
    }

    @Test
    void everyXmlExampleOfTheDocumentationIsValid() throws IOException {
        List<Example> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(projectRoot())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md") && !skipped(f)).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher block = XML_BLOCK.matcher(text);
                while (block.find()) {
                    String place = projectRoot().relativize(file) + ":" + (1 + text.substring(0, block.start()).split("\n", -1).length - 1);
                    example(place, block.group(1)).ifPresentOrElse(examples::add,
                            () -> problems.add(place + ": an xml block of no kind the documentation checks (a whole document, a step, a permission)"));
                }
            }
        }
        for (Example example : examples) {
            try {
                example.schema().schema().newValidator().validate(new StreamSource(new StringReader(example.document())));
            } catch (SAXException e) {
                problems.add(example.place() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
        // the walk found the examples it is meant to check (a wrong root would find none)
        assertTrue(examples.size() >= 6, "examples found: " + examples.size());
    }

    private static boolean skipped(Path file) {
        return Arrays.stream(file.toString().split("/")).anyMatch(SKIPPED_FOLDERS::contains);
    }

    /** The document to check for one block, or empty for a block of no known kind. */
    static Optional<Example> example(String place, String block) {
        String body = block.replaceAll("(?s)<\\?xml.*?\\?>", "").replaceAll("(?s)<!--.*?-->", "").strip();
        Matcher root = ROOT.matcher(body);
        if (!root.lookingAt()) {
            return Optional.empty();
        }
        for (GatehouseSchema schema : GatehouseSchema.values()) {
            if (body.contains("xmlns=\"" + schema.namespace() + "\"")) {
                return Optional.of(new Example(place, body, schema));
            }
        }
        return switch (root.group(1)) {
            case "step" -> Optional.of(new Example(place, "<flows xmlns=\"" + GatehouseSchema.FLOWS.namespace() + "\"><flow name=\"example\">"
                    + body + "</flow></flows>", GatehouseSchema.FLOWS));
            case "permission" -> Optional.of(new Example(place, "<extension-policy xmlns=\"" + GatehouseSchema.EXTENSION_POLICY.namespace()
                    + "\">" + body + "</extension-policy>", GatehouseSchema.EXTENSION_POLICY));
            default -> Optional.empty();
        };
    }

    /**
     * The example configurations the distribution ships (runtime/src/dist/conf/examples): each a
     * whole document of a known kind, valid against its schema, and each kind the folder's README
     * promises is there.
     */
    @Test
    void everyExampleConfigurationTheDistributionShipsIsValid() throws IOException {
        Path folder = projectRoot().resolve("runtime/src/dist/conf/examples");
        List<String> problems = new ArrayList<>();
        List<GatehouseSchema> kinds = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                String place = projectRoot().relativize(file).toString();
                Optional<Example> example = example(place, Files.readString(file, StandardCharsets.UTF_8));
                if (example.isEmpty() || !Files.readString(file, StandardCharsets.UTF_8).contains("xmlns=\"" + example.get().schema().namespace())) {
                    problems.add(place + ": not a whole document of a known kind");
                    continue;
                }
                kinds.add(example.get().schema());
                try {
                    example.get().schema().schema().newValidator().validate(new StreamSource(file.toFile()));
                } catch (SAXException e) {
                    problems.add(place + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(kinds.containsAll(List.of(GatehouseSchema.ELEMENT, GatehouseSchema.FLOWS, GatehouseSchema.QUALIFICATION_RULES,
                GatehouseSchema.CHANNEL_POLICY)), "examples found: " + kinds);
    }

    @Test
    void aWrongExampleIsFoundWithItsPlace() throws Exception {
        Example wrong = example("README.md:3", "<step bladelet=\"x\">\n  <parameter name=\"rate\">1</parameter>\n</step>\n").orElseThrow();
        SAXException refused = assertThrows(SAXException.class,
                () -> wrong.schema().schema().newValidator().validate(new StreamSource(new StringReader(wrong.document()))));
        assertTrue(refused.getMessage().contains("parameter"), refused.getMessage());
        assertEquals(Optional.empty(), example("README.md:9", "<frobnicate/>"));
    }
}
