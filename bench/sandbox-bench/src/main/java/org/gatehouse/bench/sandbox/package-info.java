/**
 * JMH benchmarks of the sandbox, run by {@code bench/run --part sandbox} through {@link
 * org.gatehouse.bench.sandbox.SandboxBenchmarks}: {@link
 * org.gatehouse.bench.sandbox.ExtensionOperationBenchmark} times sensitive operations called from
 * extension code, each variant in its own forked JVM (unguarded, the agent without a decider, the
 * agent with the real policy engine, and the JDK 17 SecurityManager), after proving that the
 * variant grants and denies what it claims; {@link
 * org.gatehouse.bench.sandbox.PolicySnapshotBenchmark} times parsing, building and swapping the
 * policies of 1,000 extensions. Benchmark tooling only, not part of the element; it does not
 * measure proxy throughput.
 */
package org.gatehouse.bench.sandbox;
