package org.gatehouse.flow.engine.internal.engine;

import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.gatehouse.flow.engine.internal.classify.ClassifiedType;
import org.gatehouse.flow.engine.internal.classify.Classifier;
import org.gatehouse.flow.engine.internal.config.FlowsConfig;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.FlowDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MessageTypeDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Position;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.gatehouse.flow.engine.internal.run.BladeletRegistry;
import org.gatehouse.flow.engine.internal.run.CompiledStep;
import org.gatehouse.flow.engine.internal.run.FlowServices;
import org.gatehouse.flow.engine.internal.run.PlaceKey;
import org.gatehouse.flow.engine.internal.run.PlatformStepSource;
import org.gatehouse.flow.engine.spi.BoundedWait;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.descriptor.ParameterValidator;

/**
 * Resolves a checked flows document against the bladelets available now: each step and method
 * to its bladelet (with its parameters checked against that bladelet's attribute domain), each
 * message type to its flow, and the classifier over them. What is wrong is an error; an
 * extension that is not started is a warning (its steps answer 503 until it starts). A built-in
 * bladelet nobody provides is an error when an administrator submits the document, and a warning
 * when the element reads it from disk, since platform bundles may still be starting.
 */
final class FlowsCompiler {
    /** A method's longest wait must leave the step this share of its deadline to answer in (docs/data-plane.md "Method timeouts"). */
    private static final int WAIT_SHARE_PERCENT = 75;

    private final BladeletRegistry registry;
    private final boolean strict;
    private boolean checkResources;
    /** The longest wait of each built-in method that waits for a server, found when it was built on trial. */
    private final Map<String, BoundedWait> waits = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private String source;

    private FlowsCompiler(BladeletRegistry registry, boolean strict) {
        this.registry = registry;
        this.strict = strict;
    }

    /** The document resolved, ready to classify and run; {@code validation} says what is wrong with it. */
    record Compiled(FlowsConfig config, Classifier classifier, FlowServices services, FlowValidation validation,
                    Map<String, MessageTypeCounters> messages) {
    }

    /**
     * @param services  threads, health and registry for the flows to run with
     * @param messages  per message type counters, kept across re-resolutions of one generation
     */
    static Compiled compile(FlowsConfig config, FlowServices services, GenerationUse use, Map<String, MessageTypeCounters> messages,
                            boolean strict) {
        return compile(config, services, use, messages, strict, false);
    }

    /**
     * @param checkResources whether to build each built-in method and step once on trial (its files
     *                       read, its keys found) and to check that every method's wait fits the
     *                       deadline of the steps naming it: when a document is checked, not at
     *                       every re-resolution
     */
    static Compiled compile(FlowsConfig config, FlowServices services, GenerationUse use, Map<String, MessageTypeCounters> messages,
                            boolean strict, boolean checkResources) {
        FlowsCompiler compiler = new FlowsCompiler(services.registry(), strict);
        compiler.checkResources = checkResources;
        compiler.source = config.source();
        Map<String, List<CompiledStep>> flows = new LinkedHashMap<>();
        for (FlowDefinition flow : config.flows()) {
            flows.put(flow.name(), compiler.flow(config, flow, services.generation()));
        }
        config.methods().forEach(compiler::method);
        if (checkResources) {
            flows.values().forEach(steps -> steps.forEach(compiler::deadline));
        }
        Set<String> used = new HashSet<>();
        List<Map.Entry<MessageTypeDefinition, ClassifiedType>> types = new ArrayList<>();
        for (MessageTypeDefinition type : config.messageTypes()) {
            used.add(type.flow());
            List<CompiledStep> steps = flows.getOrDefault(type.flow(), List.of());
            int bodyLimit = steps.stream().mapToInt(s -> s.bodyLimit(services.registry())).max().orElse(-1);
            MessageTypeCounters count = messages.computeIfAbsent(type.name(), n -> new MessageTypeCounters());
            types.add(new SimpleImmutableEntry<>(type,
                    new CompiledMessageType(type.name(), type.credentials(), steps, bodyLimit, services, use, count)));
        }
        config.flows().stream().filter(f -> !used.contains(f.name()))
                .forEach(f -> compiler.warn(f.position(), "flow '" + f.name() + "' is run by no message type"));
        return new Compiled(config, Classifier.compile(types, config.settings().bodyLimit(), services.executor()), services,
                new FlowValidation(compiler.errors, compiler.warnings), messages);
    }

    static Map<String, MessageTypeCounters> newCounters() {
        return new ConcurrentHashMap<>();
    }

    private List<CompiledStep> flow(FlowsConfig config, FlowDefinition flow, long generation) {
        List<CompiledStep> steps = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            StepDefinition step = flow.steps().get(i);
            Duration timeout = step.timeout().or(flow::stepTimeout).orElse(config.settings().stepTimeout());
            steps.add(new CompiledStep(step, flow.name(), timeout, new PlaceKey(generation, "flow:" + flow.name() + "/" + (i + 1))));
            refuseWithheld(step.position(), "step '" + step.name() + "'", step.parameters());
            if (resolve(step.position(), "step '" + step.name() + "'", step.bladelet(), step.extension(), BladeletKind.STEP,
                    step.parameters()) && checkResources && step.extension().isEmpty()) {
                registry.platformStep(step.bladelet()).flatMap(s -> s.trial(step.parameters(), step.name()))
                        .ifPresent(reason -> error(step.position(), "step '" + step.name() + "' (" + step.bladelet() + "): " + reason));
            }
        }
        return steps;
    }

    private void method(MethodDefinition method) {
        String what = method.kind().xmlName() + " '" + method.name() + "'";
        refuseWithheld(method.position(), what, method.parameters());
        if (resolve(method.position(), what, method.bladelet(), method.extension(), method.kind(), method.parameters())
                && checkResources && method.extension().isEmpty()) {
            // a built-in method's constructor reads its keytab, key set or CA file: a document naming
            // one that is missing or wrong is refused now, not answered 503 on every message
            registry.builtin(method.bladelet()).ifPresent(provider -> provider.descriptor().bladelet(method.bladelet()).ifPresent(d ->
                    provider.trial(d, method.parameters(), method.name(), instance -> {
                        if (instance instanceof BoundedWait bounded) {
                            waits.put(method.name(), bounded);
                        }
                    }).ifPresent(reason -> error(method.position(), what + " (bladelet " + method.bladelet() + "): " + reason))));
        }
    }

    /**
     * A built-in step naming a method ({@code method} parameter) whose wait for its server does not
     * fit the step's deadline would answer an outage with 504 rather than the method's 503.
     */
    private void deadline(CompiledStep compiled) {
        StepDefinition step = compiled.definition();
        String name = step.parameters().get("method");
        BoundedWait bounded = name == null || step.extension().isPresent() ? null : waits.get(name);
        if (bounded == null) {
            return;
        }
        Duration wait = bounded.longestWait();
        Duration deadline = compiled.timeout();
        if (wait.toMillis() * 100 > deadline.toMillis() * WAIT_SHARE_PERCENT) {
            error(step.position(), "step '" + step.name() + "' has a deadline of " + deadline.toMillis() + " ms, and its method '" + name
                    + "' may wait up to " + wait.toMillis() + " ms for its server (its '" + bounded.waitParameter() + "'): an outage would be"
                    + " answered 504 instead of 503; set the method's '" + bounded.waitParameter() + "' to at most "
                    + deadline.toMillis() * WAIT_SHARE_PERCENT / 100 + "ms, or the step's timeout (or the flow's step-timeout) to at least "
                    + (wait.toMillis() * 100 + WAIT_SHARE_PERCENT - 1) / WAIT_SHARE_PERCENT + "ms");
        }
    }

    /** @return true when the bladelet was found and its kind and parameters fit */
    private boolean resolve(Position at, String what, String bladelet, Optional<String> extension, BladeletKind kind,
                            Map<String, String> parameters) {
        if (extension.isPresent()) {
            Optional<BladeletProvider> provider = registry.extension(extension.get());
            if (provider.isEmpty()) {
                warn(at, "extension '" + extension.get() + "' is not started; " + what + " answers 503 step_unavailable until it is");
                return false;
            }
            Optional<BladeletDescriptor> found = provider.get().descriptor().bladelet(bladelet);
            if (found.isEmpty()) {
                error(at, "extension '" + extension.get() + "' " + provider.get().version() + " has no bladelet '" + bladelet
                        + "' (it has " + provider.get().descriptor().bladelets().stream().map(BladeletDescriptor::name).toList() + ")");
                return false;
            }
            return checkKindAndParameters(at, found.get(), kind, parameters);
        }
        Optional<BladeletDescriptor> builtin = kind == BladeletKind.STEP
                ? registry.platformStep(bladelet).map(PlatformStepSource::factory).map(f -> f.descriptor())
                : Optional.empty();
        if (builtin.isEmpty()) {
            builtin = registry.builtin(bladelet).flatMap(p -> p.descriptor().bladelet(bladelet));
        }
        if (builtin.isEmpty()) {
            String reason = "no built-in " + kind.xmlName() + " '" + bladelet + "' is available (built-in: "
                    + registry.builtinNames(kind) + ")";
            if (strict) {
                error(at, reason);
            } else {
                warn(at, reason + "; " + what + " answers 503 step_unavailable until one is");
            }
            return false;
        }
        return checkKindAndParameters(at, builtin.get(), kind, parameters);
    }

    private boolean checkKindAndParameters(Position at, BladeletDescriptor bladelet, BladeletKind kind, Map<String, String> parameters) {
        if (bladelet.kind() != kind) {
            error(at, "bladelet '" + bladelet.name() + "' is of kind " + bladelet.kind().xmlName() + ", not " + kind.xmlName());
            return false;
        }
        try {
            ParameterValidator.validate(bladelet, parameters);
            return true;
        } catch (InvalidParametersException e) {
            error(at, e.getMessage());
            return false;
        }
    }

    /**
     * A parameter whose value is the mark a read of the document puts in place of a secret
     * ({@link SecretsWithheld}): the document was read, edited and sent back without the secret.
     */
    private void refuseWithheld(Position at, String what, Map<String, String> parameters) {
        parameters.entrySet().stream().filter(p -> SecretsWithheld.MARK.equals(p.getValue())).map(Map.Entry::getKey).sorted()
                .forEach(name -> error(at, what + ": parameter '" + name + "' holds " + SecretsWithheld.MARK
                        + ", the mark a read of the flows shows in place of a secret: write the value itself"));
    }

    private void error(Position at, String reason) {
        errors.add(at.describe(source, reason));
    }

    private void warn(Position at, String reason) {
        warnings.add(at.describe(source, reason));
    }
}
