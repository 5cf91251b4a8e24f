package org.gatehouse.bench.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gatehouse.sandbox.bridge.SandboxBridge;

/**
 * Where the build puts the sandbox agent (with the bridge beside it, as the launcher does), relative
 * to the module folder {@code bench/sandbox-bench} that the benchmarks run from: {@code @Fork}
 * arguments are constants, so the forked JVMs find the agent through the working directory.
 */
final class AgentPaths {
    static final String AGENT_JAR = "target/sandbox/sandbox-agent.jar";

    private AgentPaths() {
    }

    /** Fails with what to do when the benchmarks do not run from the module folder. */
    static void requireAgentJar() {
        if (!Files.isRegularFile(Path.of(AGENT_JAR))) {
            throw new IllegalStateException(AGENT_JAR + " not found from " + Path.of("").toAbsolutePath()
                    + ": build bench/sandbox-bench (mvn -pl bench/sandbox-bench -am package) and run from that folder");
        }
    }

    /** Fails unless the agent put the bridge on the boot class path of this JVM. */
    static void requireAgent() {
        if (SandboxBridge.class.getClassLoader() != null) {
            throw new IllegalStateException("the sandbox agent is not active in this JVM: the bridge was loaded by "
                    + SandboxBridge.class.getClassLoader());
        }
    }
}
