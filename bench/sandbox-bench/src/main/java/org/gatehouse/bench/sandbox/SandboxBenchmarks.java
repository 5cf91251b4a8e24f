package org.gatehouse.bench.sandbox;

import java.util.Collection;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark of this package (each variant in its own forked JVM) and prints the figures
 * side by side. Takes JMH's own options, e.g. {@code -f 1 -wi 2 -i 3 -o jmh.log}; without a
 * benchmark pattern it runs them all. Run it from {@code bench/sandbox-bench}:
 *
 * <pre>{@code
 * java -cp 'target/sandbox-bench.jar:target/lib/*' org.gatehouse.bench.sandbox.SandboxBenchmarks -o target/jmh.log
 * }</pre>
 *
 * On JDK 24 and later, which have no SecurityManager, that variant is left out.
 */
public final class SandboxBenchmarks {
    private SandboxBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("sandbox benchmarks: " + e.getMessage());
            System.exit(2);
            return;
        }
        AgentPaths.requireAgentJar();
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include("^" + Pattern.quote(SandboxBenchmarks.class.getPackageName() + ".") + ".*");
        }
        if (Runtime.version().feature() >= 24) {
            options.exclude("^" + Pattern.quote(SecurityManagerBenchmark.class.getName() + "."));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        new ResultTable(results).print(System.out);
    }
}
