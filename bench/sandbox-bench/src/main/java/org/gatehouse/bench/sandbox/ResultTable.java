package org.gatehouse.bench.sandbox;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Prints the JMH results as two tables: each extension operation with its variants side by side,
 * and the policy snapshot figures. A variant that did not run prints {@code -}.
 */
final class ResultTable {
    private record Row(String method, String label) {}

    private record Column(Class<?> benchmark, String label) {}

    private static final List<Row> OPERATIONS = List.of(
            new Row("fileExistsGranted", "File.exists, granted"),
            new Row("fileExistsGrantedDeep", "File.exists, 32 frames deeper"),
            new Row("propertyWriteGranted", "System.setProperty, granted"),
            new Row("propertyRead", "System.getProperty, granted"),
            new Row("fileExistsDenied", "File.exists, denied (1)"));
    private static final List<Column> VARIANTS = List.of(
            new Column(UnguardedBenchmark.class, "unguarded"),
            new Column(AgentNoDeciderBenchmark.class, "agent, no decider"),
            new Column(SandboxAgentBenchmark.class, "agent + engine"),
            new Column(SecurityManagerBenchmark.class, "SecurityManager"));
    private static final List<Row> SNAPSHOT = List.of(
            new Row("parseExtensionPolicies", "parse 1,000 extension policy documents"),
            new Row("buildSnapshot", "build a snapshot of 1,000 extension policies"),
            new Row("buildAndSwap", "build, swap, diff and audit (1,000 granted, 1,000 revoked)"));

    private final Map<String, Result<?>> byName = new HashMap<>();

    ResultTable(Collection<RunResult> results) {
        for (RunResult run : results) {
            byName.put(run.getParams().getBenchmark(), run.getPrimaryResult());
        }
    }

    void print(PrintStream out) {
        out.printf("%nsandboxed operation called from extension code, ns/op (lower is better; +- is JMH's 99.9%% interval)%n");
        out.printf("%-30s", "operation");
        VARIANTS.forEach(v -> out.printf(" %20s", v.label()));
        out.printf(" %12s%n", "engine/SM");
        for (Row row : OPERATIONS) {
            out.printf("%-30s", row.label());
            VARIANTS.forEach(v -> out.printf(" %20s", cell(v.benchmark(), row.method())));
            out.printf(" %12s%n", ratio(row.method()));
        }
        out.printf("agent + engine decides against every untrusted class on the stack (docs/sandbox.md), as the%n"
                + "SecurityManager intersected every protection domain: both walk the whole stack.%n");
        out.printf("(1) the extension catches the denial: a SandboxDeniedException (agent + engine) or an%n"
                + "    AccessControlException (SecurityManager), each with its stack trace; unguarded and\n"
                + "    'no decider' run the same call, which nothing denies.%n");
        out.printf("%npolicy snapshot with 1,000 extensions, ms/op%n");
        for (Row row : SNAPSHOT) {
            out.printf("%-62s %20s%n", row.label(), cell(PolicySnapshotBenchmark.class, row.method()));
        }
    }

    private String cell(Class<?> benchmark, String method) {
        Result<?> r = byName.get(benchmark.getName() + "." + method);
        if (r == null) {
            return "-";
        }
        return format(r.getScore()) + " +- " + format(r.getScoreError());
    }

    private String ratio(String method) {
        Result<?> engine = byName.get(SandboxAgentBenchmark.class.getName() + "." + method);
        Result<?> sm = byName.get(SecurityManagerBenchmark.class.getName() + "." + method);
        if (engine == null || sm == null || sm.getScore() <= 0) {
            return "-";
        }
        double ratio = engine.getScore() / sm.getScore();
        return ratio < 0.01 ? "<0.01" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
