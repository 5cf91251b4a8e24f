package org.gatehouse.bench.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gatehouse.policy.engine.decision.ExtensionEntry;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.decision.PolicySnapshot;
import org.gatehouse.policy.engine.decision.SnapshotDiff;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A policy change with 1,000 extensions installed (docs/policy-language.md "Runtime swap"): parsing their policy documents,
 * building one snapshot (merge of every policy against the system policy, rules compiled), and
 * building plus swapping it into a running {@link PolicyEngine} (with the diff and the audit of
 * what was granted and revoked). The swap alternates between two policy sets that differ in every
 * extension's socket grant, so each swap grants 1,000 permissions and revokes 1,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicySnapshotBenchmark {
    static final int EXTENSIONS = 1000;

    private final PermissionTypeRegistry registry = PermissionTypeRegistry.builtIns();
    private final PolicyVariables variables = PolicyVariables.of("/opt/gatehouse", "/var/gatehouse", "/opt/gatehouse/conf");
    private SystemPolicy system;
    private List<byte[]> documents;
    private List<ExtensionEntry> first;
    private List<ExtensionEntry> second;
    private PolicyEngine engine;
    private boolean swappedToSecond;

    @Setup(Level.Trial)
    public void setUp() throws XmlDocumentException {
        system = BenchEnvironment.systemPolicy();
        documents = documents(0);
        first = entries(parse(documents));
        second = entries(parse(documents(10_000)));
        engine = new PolicyEngine(new CountingAuditSink(), Clock.systemUTC(), Duration.ofSeconds(10));
        engine.apply(registry, system, variables, first);
        SnapshotDiff diff = engine.apply(registry, system, variables, second);
        if (diff.granted().size() != EXTENSIONS || diff.revoked().size() != EXTENSIONS) {
            throw new IllegalStateException("a swap should grant and revoke " + EXTENSIONS + " permissions, got " + diff);
        }
        swappedToSecond = true;
    }

    /** Reads 1,000 extension policy documents (schema validation and binding included). */
    @Benchmark
    public List<ExtensionPolicy> parseExtensionPolicies() throws XmlDocumentException {
        return parse(documents);
    }

    /** Merges 1,000 policies and compiles their rules into one snapshot. */
    @Benchmark
    public PolicySnapshot buildSnapshot() {
        return PolicySnapshot.build(1, registry, system, variables, first);
    }

    /** Builds the next generation, swaps it in, diffs it against the last and audits the change. */
    @Benchmark
    public SnapshotDiff buildAndSwap() {
        swappedToSecond = !swappedToSecond;
        return engine.apply(registry, system, variables, swappedToSecond ? second : first);
    }

    /**
     * One policy document per extension: a socket grant (port {@code portBase + 2000 + i}), a file
     * grant in its own folder, and {@code exitVM}, which the restriction rejects with a warning.
     */
    static List<byte[]> documents(int portBase) {
        List<byte[]> docs = new ArrayList<>(EXTENSIONS);
        for (int i = 0; i < EXTENSIONS; i++) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                    + "  <permission type=\"socket\" name=\"127.0.0.1:" + (portBase + 2000 + i) + "\" actions=\"connect\"/>\n"
                    + "  <permission type=\"file\" name=\"${gatehouse.data}/shared/ext" + i + "/-\" actions=\"read\"/>\n"
                    + "  <permission type=\"runtime\" name=\"exitVM\"/>\n"
                    + "</extension-policy>\n";
            docs.add(xml.getBytes(StandardCharsets.UTF_8));
        }
        return docs;
    }

    private List<ExtensionPolicy> parse(List<byte[]> docs) throws XmlDocumentException {
        PolicyParser parser = new PolicyParser(registry);
        List<ExtensionPolicy> policies = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            policies.add(parser.extensionPolicy("com.acme.ext" + i + ".xml", docs.get(i)));
        }
        return policies;
    }

    private static List<ExtensionEntry> entries(List<ExtensionPolicy> policies) {
        List<ExtensionEntry> entries = new ArrayList<>(policies.size());
        for (int i = 0; i < policies.size(); i++) {
            Codebase codebase = Codebase.of("com.acme.ext" + i, "1.0.0", "gatehouse:extension:com.acme.ext" + i);
            entries.add(new ExtensionEntry(codebase, policies.get(i)));
        }
        return List.copyOf(entries);
    }
}
