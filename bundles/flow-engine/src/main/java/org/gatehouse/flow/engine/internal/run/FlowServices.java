package org.gatehouse.flow.engine.internal.run;

import java.util.Map;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;

/** What a running flow uses of the engine: bladelets, health, threads, the document's methods, and the audit of their denials. */
public record FlowServices(long generation, BladeletRegistry registry, ExtensionHealthBook health, StepExecutor executor,
                           Map<String, MethodDefinition> methods, DecisionAudit decisions) {
    public FlowServices {
        methods = Map.copyOf(methods);
    }
}
