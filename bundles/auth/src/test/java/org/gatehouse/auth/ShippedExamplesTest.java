package org.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gatehouse.auth.rule.Rule;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.descriptor.ParameterValidator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The flows examples the distribution ships ({@code conf/examples/flows-*.xml}) against this
 * bundle's bladelets: every authenticator and authorizer names one of them, with parameters its
 * descriptor accepts (names, types, domains), and every rule expression parses. What the schema
 * cannot see; the files they name (keytabs, CAs) are the operator's and are checked when flows load.
 */
class ShippedExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("gatehouse.examples", "../../runtime/src/dist/conf/examples"));

    @Test
    void everyMethodOfTheExamplesIsOneOfOursWithParametersItAccepts() throws Exception {
        ExtensionDescriptor ours = new BladeletDescriptorReader().read(
                Path.of(ShippedExamplesTest.class.getResource("/OSGI-INF/gatehouse/bladelets.xml").toURI()));
        List<String> problems = new ArrayList<>();
        int methods = 0;
        List<Path> files;
        try (Stream<Path> listed = Files.list(EXAMPLES)) {
            files = listed.filter(p -> p.getFileName().toString().matches("flows-.*\\.xml")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "flows examples found in " + EXAMPLES.toAbsolutePath() + ": " + files);
        for (Path file : files) {
            for (Element method : methodsOf(file)) {
                methods++;
                String where = file.getFileName() + " " + method.getTagName() + " '" + method.getAttribute("name") + "'";
                BladeletDescriptor bladelet;
                try {
                    bladelet = ours.requireBladelet(method.getAttribute("bladelet"));
                } catch (RuntimeException e) {
                    problems.add(where + ": " + e.getMessage());
                    continue;
                }
                Map<String, String> params = paramsOf(method);
                try {
                    ParameterValidator.validate(bladelet, params);
                } catch (InvalidParametersException e) {
                    problems.add(where + ": " + e.getMessage());
                }
                if (bladelet.name().equals("rule")) {
                    try {
                        Rule.parse(params.get("expression"));
                    } catch (RuntimeException e) {
                        problems.add(where + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(methods >= 9, "methods checked: " + methods);
    }

    /** The check fails on a parameter the bladelet does not declare and on a rule that does not parse. */
    @Test
    void aWrongParameterOrRuleIsNamed() throws Exception {
        ExtensionDescriptor ours = new BladeletDescriptorReader().read(
                Path.of(ShippedExamplesTest.class.getResource("/OSGI-INF/gatehouse/bladelets.xml").toURI()));
        InvalidParametersException wrong = assertThrows(InvalidParametersException.class,
                () -> ParameterValidator.validate(ours.requireBladelet("ldap"), Map.of("url", "ldap://x")));
        assertTrue(wrong.getMessage().contains("url"), wrong.getMessage());
        assertThrows(RuntimeException.class, () -> Rule.parse("\"a\" in claims[\"scope\"]"));
    }

    private static List<Element> methodsOf(Path file) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root;
        try (InputStream in = Files.newInputStream(file)) {
            root = factory.newDocumentBuilder().parse(in).getDocumentElement();
        }
        List<Element> methods = new ArrayList<>();
        for (String kind : List.of("authenticator", "authorizer")) {
            NodeList found = root.getElementsByTagNameNS("urn:gatehouse:flows:1", kind);
            for (int i = 0; i < found.getLength(); i++) {
                methods.add((Element) found.item(i));
            }
        }
        return methods;
    }

    private static Map<String, String> paramsOf(Element method) {
        Map<String, String> params = new LinkedHashMap<>();
        NodeList found = method.getElementsByTagNameNS("urn:gatehouse:flows:1", "param");
        for (int i = 0; i < found.getLength(); i++) {
            Element param = (Element) found.item(i);
            params.put(param.getAttribute("name"), param.getAttribute("value"));
        }
        return params;
    }
}
