package org.gatehouse.policy.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gatehouse.policy.model.ExtensionPolicy;
import org.gatehouse.policy.xml.PolicyParser;
import org.gatehouse.schemas.XmlDocumentException;
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
 */
final class ExtensionPolicies {
    static final String BUNDLE_ENTRY = "OSGI-INF/gatehouse/policy.xml";
    /** The folder's name under the conf folder, as errors name its files. */
    static final String FOLDER = "extension-policies";
    private static final String SYMBOLIC_NAME = "[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}";

    private final Path folder;
    private final Consumer<String> problems;
    private final Map<String, ExtensionPolicy> lastGood = new ConcurrentHashMap<>();

    ExtensionPolicies(Path folder, Consumer<String> problems) {
        this.folder = folder;
        this.problems = problems;
    }

    /** The file an uploaded policy of this symbolic name is kept in. */
    Path fileFor(String symbolicName) {
        if (!isSymbolicName(symbolicName)) {
            throw new IllegalArgumentException("symbolic name [" + symbolicName + "] cannot name a policy file");
        }
        return folder.resolve(symbolicName + ".xml");
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
        for (Path file : files()) {
            readFile(file, parser);
        }
    }

    /**
     * Reports each policy file of the folder that no installed extension reads and that does not
     * read: it is in force for nobody, but the element would refuse to start with it.
     */
    void checkUnused(PolicyParser parser, Collection<String> readBy) {
        try {
            for (Path file : files()) {
                String name = file.getFileName().toString();
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

    /** The files of the folder that would be read as the policy of a symbolic name, in name order. */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".xml") && isSymbolicName(name.substring(0, name.length() - ".xml".length()))
                        && Files.isRegularFile(f);
            }).sorted().toList();
        }
    }

    private static ExtensionPolicy readFile(Path file, PolicyParser parser) throws XmlDocumentException {
        try {
            return parser.extensionPolicy(file);
        } catch (XmlDocumentException e) {
            // the file name alone does not say which folder: an operator goes straight to it
            throw new XmlDocumentException(FOLDER + "/" + e.source(), e.line(), e.column(), e.elementPath(), e.reason());
        }
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

    private ExtensionPolicy readFresh(Bundle bundle, String name, PolicyParser parser) throws XmlDocumentException, IOException {
        Path file;
        try {
            file = fileFor(name);
        } catch (IllegalArgumentException e) {
            file = null;
        }
        if (file != null && Files.isRegularFile(file)) {
            return readFile(file, parser);
        }
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
