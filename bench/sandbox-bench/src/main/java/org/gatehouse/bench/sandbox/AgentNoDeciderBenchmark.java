package org.gatehouse.bench.sandbox;

import org.openjdk.jmh.annotations.Fork;

/**
 * The sandbox agent's hooks in place but no decider installed: what every hooked call costs before
 * the policy engine starts, or in a distribution that ships the agent without the engine.
 * The path is relative to the working directory, {@code bench/sandbox-bench} (see {@code SandboxBenchmarks}).
 */
@Fork(value = 1, jvmArgsAppend = {"-javaagent:" + AgentPaths.AGENT_JAR})
public class AgentNoDeciderBenchmark extends ExtensionOperationBenchmark {
    @Override
    protected void guard(BenchEnvironment env) {
        AgentPaths.requireAgent();
    }

    @Override
    protected boolean denies() {
        return false;
    }
}
