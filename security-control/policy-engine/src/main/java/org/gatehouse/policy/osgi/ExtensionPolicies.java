package org.gatehouse.policy.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.gatehouse.policy.model.ExtensionPolicy;
import org.gatehouse.policy.xml.PolicyParser;
import org.gatehouse.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;

/**
 * Finds the policy of an extension: {@code <conf>/extension-policies/<symbolic name>.xml} when the
 * administrator put or uploaded one (it wins), else {@code OSGI-INF/gatehouse/policy.xml} inside
 * the bundle, else none. A document that does not read is reported and the last good policy of
 * that extension stays (SPEC 10: "nothing changes"); with no good one it asks for nothing.
 */
final class ExtensionPolicies {
    static final String BUNDLE_ENTRY = "OSGI-INF/gatehouse/policy.xml";

    private final Path folder;
    private final Consumer<String> problems;
    private final Map<String, ExtensionPolicy> lastGood = new ConcurrentHashMap<>();

    ExtensionPolicies(Path folder, Consumer<String> problems) {
        this.folder = folder;
        this.problems = problems;
    }

    /** The file an uploaded policy of this symbolic name is kept in. */
    Path fileFor(String symbolicName) {
        if (!symbolicName.matches("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}") || symbolicName.contains("..")) {
            throw new IllegalArgumentException("symbolic name [" + symbolicName + "] cannot name a policy file");
        }
        return folder.resolve(symbolicName + ".xml");
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
            return parser.extensionPolicy(file);
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
