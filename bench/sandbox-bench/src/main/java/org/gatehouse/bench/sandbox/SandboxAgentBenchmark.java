package org.gatehouse.bench.sandbox;

import java.util.function.BooleanSupplier;
import org.gatehouse.sandbox.bridge.Privileged;
import org.gatehouse.sandbox.bridge.SandboxBridge;
import org.openjdk.jmh.annotations.Fork;

/**
 * Gatehouse's sandbox: the agent's hooks call the bridge, which walks the stack to the extension's
 * class and asks the real policy engine (a cached decision after the first call).
 */
@Fork(value = 1, jvmArgsAppend = {"-javaagent:" + AgentPaths.AGENT_JAR})
public class SandboxAgentBenchmark extends ExtensionOperationBenchmark {
    @Override
    protected void guard(BenchEnvironment env) {
        AgentPaths.requireAgent();
        SandboxBridge.install(new EngineDecider(env.engine(new CountingAuditSink()), env.extension(), BenchEnvironment.EXTENSION));
    }

    /** The flow engine calls a step behind {@code Privileged}: the walk ends there. */
    @Override
    protected boolean inStep(BooleanSupplier step) {
        return Privileged.get(step::getAsBoolean);
    }

    @Override
    protected boolean denies() {
        return true;
    }
}
