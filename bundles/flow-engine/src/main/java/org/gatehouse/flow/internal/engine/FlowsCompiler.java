package org.gatehouse.flow.internal.engine;

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
import org.gatehouse.flow.api.FlowValidation;
import org.gatehouse.flow.internal.classify.ClassifiedType;
import org.gatehouse.flow.internal.classify.Classifier;
import org.gatehouse.flow.internal.config.FlowsConfig;
import org.gatehouse.flow.internal.config.FlowsConfig.FlowDefinition;
import org.gatehouse.flow.internal.config.FlowsConfig.MessageTypeDefinition;
import org.gatehouse.flow.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.internal.config.FlowsConfig.Position;
import org.gatehouse.flow.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.internal.run.BladeletProvider;
import org.gatehouse.flow.internal.run.BladeletRegistry;
import org.gatehouse.flow.internal.run.CompiledStep;
import org.gatehouse.flow.internal.run.FlowServices;
import org.gatehouse.flow.internal.run.PlaceKey;
import org.gatehouse.flow.internal.run.PlatformStepSource;
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
    private final BladeletRegistry registry;
    private final boolean strict;
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
        FlowsCompiler compiler = new FlowsCompiler(services.registry(), strict);
        compiler.source = config.source();
        Map<String, List<CompiledStep>> flows = new LinkedHashMap<>();
        for (FlowDefinition flow : config.flows()) {
            flows.put(flow.name(), compiler.flow(config, flow, services.generation()));
        }
        config.methods().forEach(compiler::method);
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
            resolve(step.position(), "step '" + step.name() + "'", step.bladelet(), step.extension(), BladeletKind.STEP,
                    step.parameters());
        }
        return steps;
    }

    private void method(MethodDefinition method) {
        resolve(method.position(), method.kind().xmlName() + " '" + method.name() + "'", method.bladelet(), method.extension(),
                method.kind(), method.parameters());
    }

    private void resolve(Position at, String what, String bladelet, Optional<String> extension, BladeletKind kind,
                         Map<String, String> parameters) {
        if (extension.isPresent()) {
            Optional<BladeletProvider> provider = registry.extension(extension.get());
            if (provider.isEmpty()) {
                warn(at, "extension '" + extension.get() + "' is not started; " + what + " answers 503 step_unavailable until it is");
                return;
            }
            Optional<BladeletDescriptor> found = provider.get().descriptor().bladelet(bladelet);
            if (found.isEmpty()) {
                error(at, "extension '" + extension.get() + "' " + provider.get().version() + " has no bladelet '" + bladelet
                        + "' (it has " + provider.get().descriptor().bladelets().stream().map(BladeletDescriptor::name).toList() + ")");
                return;
            }
            checkKindAndParameters(at, found.get(), kind, parameters);
            return;
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
            return;
        }
        checkKindAndParameters(at, builtin.get(), kind, parameters);
    }

    private void checkKindAndParameters(Position at, BladeletDescriptor bladelet, BladeletKind kind, Map<String, String> parameters) {
        if (bladelet.kind() != kind) {
            error(at, "bladelet '" + bladelet.name() + "' is of kind " + bladelet.kind().xmlName() + ", not " + kind.xmlName());
            return;
        }
        try {
            ParameterValidator.validate(bladelet, parameters);
        } catch (InvalidParametersException e) {
            error(at, e.getMessage());
        }
    }

    private void error(Position at, String reason) {
        errors.add(at.describe(source, reason));
    }

    private void warn(Position at, String reason) {
        warnings.add(at.describe(source, reason));
    }
}
