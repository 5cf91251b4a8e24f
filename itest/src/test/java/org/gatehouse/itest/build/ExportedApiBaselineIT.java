package org.gatehouse.itest.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;
import aQute.lib.json.JSONCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gatehouse.itest.support.Distribution;
import org.junit.jupiter.api.Test;

/**
 * Semantic versioning of every package the platform exports, checked as bnd's baseline checks it
 * (docs/architecture.md "Exported API"): the API of each {@code org.gatehouse.*} bundle of the
 * distribution is compared with the one recorded in {@code itest/api-baseline/<symbolic name>.json};
 * a package whose API changed needs the version bump the change calls for (a method removed from
 * an interface: major; a class added: minor), and a bump needs a change. After a deliberate change,
 * bump the version in the package's {@code package-info.java}, then record the new baseline:
 * {@code mvn -B verify -pl itest -am -Dit.test=ExportedApiBaselineIT -Dgatehouse.api.baseline.update=true}.
 */
class ExportedApiBaselineIT {
    private static final String PLATFORM_PREFIX = "org.gatehouse.";

    private final DiffPluginImpl differ = new DiffPluginImpl();

    @Test
    void everyExportedPackageOfThePlatformIsVersionedAsItsChangesAsk() throws Exception {
        Path baselines = Path.of(System.getProperty("gatehouse.api.baseline", "api-baseline"));
        boolean update = Boolean.getBoolean("gatehouse.api.baseline.update");
        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (Path file : Distribution.located().bundleJars()) {
            try (Jar jar = new Jar(file.toFile())) {
                String bsn = jar.getBsn();
                String exports = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
                if (bsn == null || !bsn.startsWith(PLATFORM_PREFIX) || exports == null) {
                    continue;
                }
                checked.add(bsn);
                Path recorded = baselines.resolve(bsn + ".json");
                if (update) {
                    Files.createDirectories(baselines);
                    Files.writeString(recorded, RecordedApi.of(exports, apiOf(jar)).toJson(), StandardCharsets.UTF_8);
                } else if (!Files.exists(recorded)) {
                    problems.add(bsn + ": no API baseline " + recorded + "; record one with -Dgatehouse.api.baseline.update=true");
                } else {
                    problems.addAll(mismatches(bsn, exports, apiOf(jar), RecordedApi.read(recorded)));
                }
            }
        }
        assertFalse(checked.isEmpty(), "no platform bundle exports anything: is the distribution complete?");
        try (var listed = Files.isDirectory(baselines) ? Files.list(baselines) : java.util.stream.Stream.<Path>empty()) {
            listed.map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                    .filter(bsn -> !checked.contains(bsn))
                    .forEach(bsn -> problems.add(bsn + ": has a baseline but is no longer in the distribution (delete it deliberately)"));
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void aMethodRemovedFromAnExportedInterfaceWithoutAMajorVersionIsRefused() throws Exception {
        Path policyEngine = Distribution.located().bundleJars().stream()
                .filter(p -> p.getFileName().toString().startsWith("policy-engine-")).findFirst().orElseThrow();
        try (Jar jar = new Jar(policyEngine.toFile())) {
            String exports = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            Tree now = apiOf(jar);
            Tree.Data before = now.serialize();
            Tree.Data policyService = find(before, "org.gatehouse.policy.engine.api.PolicyService");
            Tree.Data removedLater = new Tree.Data();
            removedLater.name = "isExtension(org.osgi.framework.Bundle)";
            removedLater.type = Type.METHOD;
            removedLater.add = aQute.bnd.service.diff.Delta.MINOR;
            removedLater.rem = aQute.bnd.service.diff.Delta.MAJOR;
            removedLater.children = new Tree.Data[0];
            policyService.children = append(policyService.children, removedLater);

            List<String> refused = mismatches("org.gatehouse.policy-engine", exports, now, RecordedApi.of(exports, differ.deserialize(before)));
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).contains("org.gatehouse.policy.engine.api") && refused.get(0).contains("suggested 3.0.0"), refused.get(0));
            assertEquals(List.of(), mismatches("org.gatehouse.policy-engine", exports, now, RecordedApi.of(exports, now)),
                    "the same API at the same versions passes");
        }
    }

    private List<String> mismatches(String bsn, String exports, Tree api, RecordedApi recorded) throws Exception {
        List<String> problems = new ArrayList<>();
        try (Processor reporter = new Processor()) {
            Baseline baseline = new Baseline(reporter, differ);
            for (Baseline.Info info : baseline.baseline(api, new Parameters(exports), differ.deserialize(recorded.api()),
                    new Parameters(recorded.exports()), new Instructions("*"))) {
                if (info.mismatch) {
                    problems.add(bsn + ": package " + info.packageName + " is " + info.newerVersion + " (was " + info.olderVersion
                            + "), its changes ask for suggested " + info.suggestedVersion + ": " + changes(info));
                }
            }
        }
        return problems;
    }

    private static String changes(Baseline.Info info) {
        List<String> lines = new ArrayList<>();
        collect(info.packageDiff, "", lines);
        return lines.isEmpty() ? info.reason : String.join("; ", lines.subList(0, Math.min(8, lines.size())));
    }

    private static void collect(aQute.bnd.service.diff.Diff diff, String path, List<String> lines) {
        switch (diff.getDelta()) {
            case ADDED, REMOVED, CHANGED -> lines.add(diff.getDelta() + " " + path + diff.getName());
            case MAJOR, MINOR, MICRO -> diff.getChildren().forEach(c -> collect(c, path + diff.getName() + " > ", lines));
            default -> { }
        }
    }

    /** The jar's API tree alone: resources and manifest change with every build and do not version packages. */
    private Tree apiOf(Jar jar) throws Exception {
        Tree whole = differ.tree(jar);
        Tree.Data data = whole.serialize();
        data.children = Arrays.stream(data.children).filter(c -> c.type == Type.API).toArray(Tree.Data[]::new);
        return differ.deserialize(data);
    }

    private static Tree.Data find(Tree.Data node, String name) {
        if (name.equals(node.name)) {
            return node;
        }
        for (Tree.Data child : node.children == null ? new Tree.Data[0] : node.children) {
            Tree.Data found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Tree.Data[] append(Tree.Data[] children, Tree.Data extra) {
        Tree.Data[] more = Arrays.copyOf(children, children.length + 1);
        more[children.length] = extra;
        return more;
    }

    /** One bundle's recorded API: its Export-Package header and bnd's tree of its API. */
    public static final class RecordedApi {
        public String exports;
        public Tree.Data api;

        static RecordedApi of(String exports, Tree api) {
            RecordedApi r = new RecordedApi();
            r.exports = exports;
            r.api = api.serialize();
            return r;
        }

        Tree.Data api() {
            return api;
        }

        String exports() {
            return exports;
        }

        String toJson() throws Exception {
            return new JSONCodec().enc().indent("  ").put(this).toString() + "\n";
        }

        static RecordedApi read(Path file) throws Exception {
            try {
                return new JSONCodec().dec().from(Files.readString(file, StandardCharsets.UTF_8)).get(RecordedApi.class);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(file + ": not a recorded API: " + e.getMessage(), e);
            }
        }
    }
}
