package org.gatehouse.policy.engine.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;

/**
 * Finds the policy of an extension: {@code <conf>/extension-policies/<symbolic name>.xml} when the
 * administrator put or uploaded one (it wins), else {@code OSGI-INF/gatehouse/policy.xml} inside
 * the bundle, else none. A document that does not read is reported and the last good policy of
 * that extension stays (docs/policy-language.md "Runtime swap": nothing changes); with no good one it asks for nothing. Errors
 * in a file of the folder name it {@code extension-policies/<symbolic name>.xml [line:col]}.
 *
 * <p>At start every policy file of the folder must read ({@link #requireReadable}): the element
 * refuses to start on one that does not, as on a system policy that does not.
 *
 * <p>What is read is the content in force ({@link InForceLedger}, docs/management.md "Hand edits"),
 * never the file as it is now: a file edited, added or removed by hand is in force only once a
 * person confirmed it as a command.
 */
final class ExtensionPolicies {
    static final String BUNDLE_ENTRY = "OSGI-INF/gatehouse/policy.xml";
    /** The folder's name under the conf folder, as errors name its files. */
    static final String FOLDER = "extension-policies";
    private static final String SYMBOLIC_NAME = "[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}";

    private final Path folder;
    private final InForceLedger ledger;
    private final Consumer<String> problems;
    private final Map<String, ExtensionPolicy> lastGood = new ConcurrentHashMap<>();

    ExtensionPolicies(InForceLedger ledger, Consumer<String> problems) {
        this.folder = ledger.fileOf(FOLDER);
        this.ledger = ledger;
        this.problems = problems;
    }

    /** The ledger name of the policy file of this symbolic name: {@code extension-policies/<name>.xml}. */
    static String nameFor(String symbolicName) {
        if (!isSymbolicName(symbolicName)) {
            throw new IllegalArgumentException("symbolic name [" + symbolicName + "] cannot name a policy file");
        }
        return FOLDER + "/" + symbolicName + ".xml";
    }

    InForceLedger ledger() {
        return ledger;
    }

    private static boolean isSymbolicName(String name) {
        return name.matches(SYMBOLIC_NAME) && !name.contains("..");
    }

    /**
     * Reads every policy file of the folder once, in name order, as the refreshes will read them:
     * an element must not start on a policy file it cannot read.
     *
     * @throws XmlDocumentException for the first that does not read, naming
     *                              {@code extension-policies/<file> [line:col] /path: reason}
     */
    void requireReadable(PolicyParser parser) throws XmlDocumentException, IOException {
        Map<String, Optional<byte[]>> read = new LinkedHashMap<>();
        for (String name : files()) {
            Optional<byte[]> content = ledger.inForce(name);
            readFile(name, content, parser);
            read.put(name, content);
        }
        // the first start's reading is the content in force from now on (docs/management.md "Hand edits")
        for (Map.Entry<String, Optional<byte[]>> e : read.entrySet()) {
            ledger.adopt(e.getKey(), e.getValue());
        }
        ledger.adoptFolder(FOLDER);
    }

    /**
     * Reports each policy file of the folder that no installed extension reads and that does not
     * read: it is in force for nobody, but the element would refuse to start with it.
     */
    void checkUnused(PolicyParser parser, Collection<String> readBy) {
        try {
            for (String file : files()) {
                String name = file.substring(FOLDER.length() + 1);
                if (!readBy.contains(name.substring(0, name.length() - ".xml".length()))) {
                    try {
                        readFile(file, parser);
                    } catch (XmlDocumentException e) {
                        problems.accept("policy file not read, no extension uses it and the element will not start with it: "
                                + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            problems.accept("policy files under " + folder + " not listed: " + e.getMessage());
        }
    }

    /** The ledger names of the files in force that would be read as the policy of a symbolic name, in name order. */
    private List<String> files() throws IOException {
        return ledger.inForceIn(FOLDER).stream().filter(ExtensionPolicies::isPolicyName).toList();
    }

    /** Whether a ledger name is a policy file of the folder: {@code extension-policies/<symbolic name>.xml}. */
    static boolean isPolicyName(String name) {
        if (!name.startsWith(FOLDER + "/") || !name.endsWith(".xml")) {
            return false;
        }
        return isSymbolicName(name.substring(FOLDER.length() + 1, name.length() - ".xml".length()));
    }

    private ExtensionPolicy readFile(String name, PolicyParser parser) throws XmlDocumentException, IOException {
        return readFile(name, ledger.inForce(name), parser);
    }

    private static ExtensionPolicy readFile(String name, Optional<byte[]> content, PolicyParser parser) throws XmlDocumentException, IOException {
        if (content.isEmpty()) {
            throw new IOException(name + " is not in force");
        }
        // the name says which folder: an operator goes straight to it
        return parser.extensionPolicy(name, content.get());
    }

    ExtensionPolicy read(Bundle bundle, PolicyParser parser) {
        String name = BundleClassifier.codebaseOf(bundle).symbolicName();
        String key = name + "@" + bundle.getBundleId();
        try {
            ExtensionPolicy policy = readFresh(bundle, name, parser);
            lastGood.put(key, policy);
            return policy;
        } catch (XmlDocumentException | IOException e) {
            problems.accept("policy of " + name + " not read, keeping its previous one: " + e.getMessage());
            return lastGood.getOrDefault(key, ExtensionPolicy.none("none"));
        }
    }

    /**
     * The extension's policy as it would be read with the policy file {@code replaced} holding
     * {@code content} (empty: no file), for a preview; changes nothing.
     */
    ExtensionPolicy readAsIf(Bundle bundle, PolicyParser parser, String replaced, Optional<byte[]> content) {
        String name = BundleClassifier.codebaseOf(bundle).symbolicName();
        try {
            if (isSymbolicName(name) && nameFor(name).equals(replaced)) {
                return content.isPresent() ? parser.extensionPolicy(replaced, content.get()) : bundlePolicy(bundle, name, parser);
            }
            return readFresh(bundle, name, parser);
        } catch (XmlDocumentException | IOException e) {
            return lastGood.getOrDefault(name + "@" + bundle.getBundleId(), ExtensionPolicy.none("none"));
        }
    }

    private ExtensionPolicy readFresh(Bundle bundle, String name, PolicyParser parser) throws XmlDocumentException, IOException {
        Optional<byte[]> inForce = isSymbolicName(name) ? ledger.inForce(nameFor(name)) : Optional.empty();
        if (inForce.isPresent()) {
            return parser.extensionPolicy(nameFor(name), inForce.get());
        }
        return bundlePolicy(bundle, name, parser);
    }

    private static ExtensionPolicy bundlePolicy(Bundle bundle, String name, PolicyParser parser) throws XmlDocumentException, IOException {
        URL entry = bundle.getEntry(BUNDLE_ENTRY);
        if (entry == null) {
            return ExtensionPolicy.none("none");
        }
        try (InputStream in = entry.openStream()) {
            return parser.extensionPolicy(name + "!/" + BUNDLE_ENTRY, in);
        }
    }

    void forget(Bundle bundle) {
        lastGood.remove(BundleClassifier.codebaseOf(bundle).symbolicName() + "@" + bundle.getBundleId());
    }
}
