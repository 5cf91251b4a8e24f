package org.gatehouse.bench.sandbox;

import org.openjdk.jmh.annotations.Fork;

/** No agent, no SecurityManager: what the operations cost by themselves. */
@Fork(1)
public class UnguardedBenchmark extends ExtensionOperationBenchmark {
    @Override
    protected void guard(BenchEnvironment env) {
        // nothing: the baseline
    }

    @Override
    protected boolean denies() {
        return false;
    }
}
