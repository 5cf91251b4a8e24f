package org.gatehouse.flow.engine.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.flow.engine.api.BladeletInfo;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.gatehouse.flow.engine.api.ExtensionRunaways;
import org.gatehouse.flow.engine.api.ExtensionSteps;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowDifference;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.flow.engine.api.FlowTiming;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.gatehouse.flow.engine.api.FlowsView;
import org.gatehouse.flow.engine.internal.config.FlowsConfig;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Settings;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsReader;
import org.gatehouse.flow.engine.internal.run.BladeletRegistry;
import org.gatehouse.flow.engine.internal.run.DecisionAudit;
import org.gatehouse.flow.engine.internal.run.ExtensionHealthBook;
import org.gatehouse.flow.engine.internal.run.FlowServices;
import org.gatehouse.flow.engine.internal.run.PlaceKey;
import org.gatehouse.flow.engine.internal.run.RunawayWatch;
import org.gatehouse.flow.engine.internal.run.StepExecutor;
import org.gatehouse.flow.engine.internal.run.StepOutcomeAudit;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.ParameterDefinition;

/**
 * The flow engine: the data plane's {@link MessageProcessor} and the management plane's
 * {@link FlowService}. The document in force, resolved against the bladelets available, is one
 * immutable {@link Active} swapped as a whole: on replacement (a new generation), on a change of
 * {@code conf/flows.xml} on disk, and on every start or stop of a bladelet provider (the same
 * generation resolved again). Messages keep the resolution they started with.
 */
public final class FlowEngine implements MessageProcessor, FlowService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.config");

    private final FlowsReader reader = new FlowsReader();
    private final ExtensionHealthBook health;
    private final BladeletRegistry registry;
    private final ScheduledThreadPoolExecutor timer;
    private final RunawayWatch runaways;
    private final DecisionAudit decisions;
    private final FlowsFile file;
    private volatile Settings settings;
    private volatile Consumer<String> handEdits = name -> LOG.log(System.Logger.Level.ERROR, "conf/{0} was edited by hand and differs "
            + "from the content in force; it is NOT applied, and nothing runs that could submit it for confirmation", name);
    private volatile Active active;

    /** One generation of the document, resolved; replaced whole. */
    private record Active(long generation, FlowsCompiler.Compiled compiled, GenerationUse use, StepExecutor executor) {
    }

    /**
     * An engine whose runaway steps and authorizers' denials are audited to the {@code org.gatehouse.audit} log only.
     *
     * @param confDir the folder of {@code flows.xml}, or null for an engine without a file (tests)
     */
    public FlowEngine(Path confDir, Clock clock) {
        this(confDir, clock, AuditSink.toLog());
    }

    /**
     * An engine whose content in force of {@code flows.xml} is kept in the {@code data} folder
     * beside {@code confDir} (tests; the element names its data folder).
     *
     * @param confDir the folder of {@code flows.xml}, or null for an engine without a file (tests)
     * @param audit   where runaway steps and authorizers' denials are audited
     */
    public FlowEngine(Path confDir, Clock clock, AuditSink audit) {
        this(confDir, confDir == null ? null : confDir.toAbsolutePath().resolveSibling("data"), clock, audit);
    }

    /**
     * @param confDir the folder of {@code flows.xml}, or null for an engine without a file (tests)
     * @param dataDir the data folder, under which the content in force of {@code flows.xml} is kept
     * @param audit   where runaway steps are audited
     */
    public FlowEngine(Path confDir, Path dataDir, Clock clock, AuditSink audit) {
        this.settings = reader.defaultSettings();
        this.health = new ExtensionHealthBook(() -> settings, clock);
        this.runaways = new RunawayWatch(() -> settings, audit, clock);
        this.decisions = new DecisionAudit(audit, clock);
        this.registry = new BladeletRegistry(health);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gatehouse-step-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.file = confDir == null ? null : new FlowsFile(InForceLedger.open(confDir, dataDir));
        this.active = activate(0, FlowsConfig.empty(settings), null, false);
        registry.onChange(this::reresolve);
    }

    /** Who is told every step outcome of an extension (docs/extensions.md "Conditional enable"). */
    public void auditStepOutcomes(StepOutcomeAudit audit) {
        health.auditOutcomes(audit);
    }

    public BladeletRegistry registry() {
        return registry;
    }

    /**
     * Reads {@code flows.xml} if there is one, then watches it. A file that does not read or
     * does not check stops the start: an element must never serve with none or part of the flows
     * its operator wrote. Later edits are checked the same way and refused whole.
     *
     * @throws XmlDocumentException when the file is malformed or the schema rejects it
     * @throws FlowConfigurationException when it cannot be read or names what cannot be used
     */
    public void start(Duration pollInterval) throws XmlDocumentException, FlowConfigurationException {
        if (file == null) {
            return;
        }
        byte[] content;
        try {
            content = file.read();
        } catch (IOException e) {
            throw new FlowConfigurationException(FlowsFile.FILE_NAME, List.of("cannot read " + file.path() + ": " + e.getMessage()));
        }
        if (content == null) {
            LOG.log(System.Logger.Level.INFO, "no {0}: no message types, all traffic takes the fast path", file.path());
        } else {
            applyFromDisk(content);
        }
        try {
            // the first start's reading is the content in force from now on (docs/management.md "Hand edits")
            file.adopt(content);
        } catch (IOException e) {
            throw new FlowConfigurationException(FlowsFile.FILE_NAME, List.of("cannot record the content in force of " + file.path()
                    + ": " + e.getMessage()));
        }
        file.watch(pollInterval, this::edited);
    }

    /**
     * Who is told of {@code flows.xml} edited by hand (by its name); by default it is logged as an
     * error: nothing could submit it for confirmation.
     */
    public void onHandEdit(Consumer<String> reporter) {
        handEdits = reporter;
    }

    /**
     * A change on disk. Content that is not in force is an edit by hand: never applied here, but
     * told (docs/management.md "Hand edits"). Content in force that is not the document running
     * (a confirmed write a crash cut short) is applied when it passes the checks a replacement passes.
     */
    private void edited(byte[] content) {
        try {
            FlowsFile.Seen seen = file.seen(content);
            if (seen == FlowsFile.Seen.STALE) {
                return; // read before the element's own write: the file holds other content now, which the watch hands next
            }
            if (seen == FlowsFile.Seen.HAND_EDIT) {
                LOG.log(System.Logger.Level.WARNING, "{0} was edited by hand and differs from the content in force; it is not applied "
                        + "unless a person confirms it as a command", file.path());
                handEdits.accept(FlowsFile.FILE_NAME);
                return;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0} changed and cannot be compared with the content in force, so it is not applied: {1}",
                    file.path(), e.getMessage());
            return;
        }
        synchronized (this) {
            // a replacement holds this lock while it writes and applies: what it wrote is running by now
            if (Arrays.equals(content, active.compiled().config().document().getBytes(StandardCharsets.UTF_8))) {
                return;
            }
            applyEdit(content);
        }
    }

    /** Content in force on disk: applied when it passes the checks a replacement passes, else refused and logged. */
    private void applyEdit(byte[] content) {
        try {
            applyFromDisk(content);
        } catch (XmlDocumentException e) {
            refused(List.of(e.getMessage()));
        } catch (FlowConfigurationException e) {
            refused(e.errors());
        }
    }

    private void applyFromDisk(byte[] content) throws XmlDocumentException, FlowConfigurationException {
        FlowsConfig config = reader.read(FlowsFile.FILE_NAME, content);
        synchronized (this) {
            // not strict: a built-in bladelet whose platform bundle is still starting is a warning here
            FlowValidation check = check(config, false);
            if (!check.valid()) {
                throw new FlowConfigurationException(FlowsFile.FILE_NAME, check.errors());
            }
            Active next = apply(config, false);
            check.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
            LOG.log(System.Logger.Level.INFO, "flows generation {0} in force: {1} message types, {2} flows", next.generation(),
                    config.messageTypes().size(), config.flows().size());
        }
    }

    private void refused(List<String> errors) {
        Active a = active;
        int types = a.compiled().config().messageTypes().size();
        String kept = a.generation() == 0 ? "no message types were in force and none are"
                : "generation " + a.generation() + " (" + types + " message types) stays in force";
        errors.forEach(error -> LOG.log(System.Logger.Level.ERROR, "{0}; the edit is not applied, {1}", error, kept));
    }

    @Override
    public MessageTypeMatch classify(RequestHead head) {
        return active.compiled().classifier().classify(head);
    }

    @Override
    public FlowsView current() {
        Active a = active;
        return view(a.generation(), a.compiled().config(), a.compiled().messages());
    }

    @Override
    public FlowsView preview(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException {
        FlowsConfig config = reader.read(source, document);
        FlowValidation check = check(config, true);
        if (!check.valid()) {
            throw new FlowConfigurationException(source, check.errors());
        }
        return view(-1, config, Map.of());
    }

    @Override
    public List<FlowDifference> differences(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException {
        FlowsConfig inForce = active.compiled().config();
        FlowsConfig config = reader.read(source, document);
        FlowValidation check = check(config, true);
        if (!check.valid()) {
            throw new FlowConfigurationException(source, check.errors());
        }
        return FlowsDescription.between(FlowsDescription.of(inForce, this::secret), FlowsDescription.of(config, this::secret));
    }

    /**
     * Whether a parameter's value is withheld from a difference: declared secret by its bladelet,
     * or its bladelet cannot be looked at now (an extension stopped since, a bladelet gone) or does
     * not declare it, so that nothing says it is not.
     */
    private boolean secret(BladeletKind kind, Optional<String> extension, String bladelet, String parameter) {
        Optional<BladeletDescriptor> descriptor;
        if (extension.isPresent()) {
            descriptor = registry.extension(extension.get()).flatMap(p -> p.descriptor().bladelet(bladelet));
        } else {
            descriptor = kind == BladeletKind.STEP ? registry.platformStep(bladelet).map(s -> s.factory().descriptor()) : Optional.empty();
            if (descriptor.isEmpty()) {
                descriptor = registry.builtin(bladelet).flatMap(p -> p.descriptor().bladelet(bladelet));
            }
        }
        return descriptor.flatMap(d -> d.parameter(parameter)).map(ParameterDefinition::secret).orElse(true);
    }

    @Override
    public String withheldDocument() {
        return SecretsWithheld.from(active.compiled().config().document(), this::secret);
    }

    private static FlowsView view(long generation, FlowsConfig config, Map<String, MessageTypeCounters> counts) {
        return new FlowsView(generation, config.document(),
                config.messageTypes().stream().map(t -> new FlowsView.MessageTypeView(t.name(), t.flow(),
                        counts.containsKey(t.name()) ? counts.get(t.name()).messages() : 0)).toList(),
                config.flows().stream().map(f -> new FlowsView.FlowView(f.name(),
                        f.steps().stream().map(StepDefinition::reference).toList())).toList());
    }

    @Override
    public List<FlowTiming> timings() {
        Active a = active;
        Map<String, MessageTypeCounters> counts = a.compiled().messages();
        return a.compiled().config().messageTypes().stream().map(t -> counts.containsKey(t.name())
                ? counts.get(t.name()).timing(t.name()) : new FlowTiming(t.name(), 0, 0)).toList();
    }

    @Override
    public FlowValidation validate(String source, byte[] document) {
        try {
            return check(reader.read(source, document), true);
        } catch (XmlDocumentException e) {
            return new FlowValidation(List.of(e.getMessage()), List.of());
        } catch (FlowConfigurationException e) {
            return new FlowValidation(e.errors(), List.of());
        }
    }

    /**
     * The one check a document passes before it is put in force, whether an administrator
     * submits it or it is edited on disk: resolved against the bladelets available now, with
     * every parameter checked against its bladelet's descriptor. Changes nothing.
     *
     * @param strict whether a built-in bladelet nobody provides is an error (submitted) or a warning (read from disk)
     */
    private FlowValidation check(FlowsConfig config, boolean strict) {
        FlowServices trial = new FlowServices(-1, registry, health, active.executor(), methods(config), decisions);
        return FlowsCompiler.compile(config, trial, new GenerationUse(() -> { }), FlowsCompiler.newCounters(), strict, true).validation();
    }

    @Override
    public FlowsView replace(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException {
        FlowsConfig config = reader.read(source, document);
        synchronized (this) {
            FlowValidation check = check(config, true);
            if (!check.valid()) {
                throw new FlowConfigurationException(source, check.errors());
            }
            if (file != null) {
                try {
                    file.write(document);
                } catch (IOException e) {
                    // the message already names the file: "cannot replace <file>: <reason>"
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
            Active next = apply(config, true);
            LOG.log(System.Logger.Level.INFO, "flows generation {0} in force from {1}", next.generation(), source);
        }
        return current();
    }

    /** A new generation: resolved, swapped in, and the previous one retired once its messages end. */
    private Active apply(FlowsConfig config, boolean strict) {
        Active previous = active;
        Active next = activate(previous.generation() + 1, config, previous, strict);
        active = next;
        if (next.executor() != previous.executor()) {
            // the previous generation's messages still run their remaining steps on it
            previous.use().alsoOnDrained(previous.executor()::close);
        }
        previous.use().retire();
        return next;
    }

    private Active activate(long generation, FlowsConfig config, Active previous, boolean strict) {
        Settings s = config.settings();
        settings = s;
        StepExecutor executor = previous != null && previous.executor().sameSize(s.stepThreads(), s.stepQueue())
                ? previous.executor() : new StepExecutor(s.stepThreads(), s.stepQueue(), timer, runaways);
        GenerationUse use = new GenerationUse(() ->
                registry.closeInstances(key -> key instanceof PlaceKey p && p.generation() == generation));
        FlowServices services = new FlowServices(generation, registry, health, executor, methods(config), decisions);
        return new Active(generation, FlowsCompiler.compile(config, services, use, FlowsCompiler.newCounters(), strict), use, executor);
    }

    /** The same generation resolved again after a bladelet provider came or went. */
    private synchronized void reresolve() {
        Active a = active;
        FlowsCompiler.Compiled again = FlowsCompiler.compile(a.compiled().config(), a.compiled().services(), a.use(),
                a.compiled().messages(), false);
        active = new Active(a.generation(), again, a.use(), a.executor());
    }

    private static Map<String, MethodDefinition> methods(FlowsConfig config) {
        return config.methods().stream().collect(Collectors.toMap(MethodDefinition::name, Function.identity()));
    }

    /** How long a stopping provider's calls may take to finish: the longest step deadline, and a little. */
    public Duration drainBound() {
        FlowsConfig config = active.compiled().config();
        Duration longest = config.settings().stepTimeout();
        for (var flow : config.flows()) {
            longest = max(longest, flow.stepTimeout().orElse(longest));
            for (StepDefinition step : flow.steps()) {
                longest = max(longest, step.timeout().orElse(longest));
            }
        }
        return longest.plusMillis(500);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public List<BladeletInfo> bladelets() {
        return registry.bladelets();
    }

    @Override
    public List<ExtensionHealth> extensions() {
        registry.extensionNames().forEach(health::of);
        return new ArrayList<>(health.view(registry::versionOf));
    }

    @Override
    public List<ExtensionSteps> extensionSteps() {
        registry.extensionNames().forEach(health::of);
        return health.steps();
    }

    @Override
    public List<ExtensionRunaways> runaways() {
        registry.extensionNames().forEach(health::of);
        return health.runaways();
    }

    @Override
    public List<ExtensionQueue> extensionQueues() {
        registry.extensionNames().forEach(health::of);
        return health.queues();
    }

    @Override
    public boolean release(String symbolicName) {
        return health.release(symbolicName);
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
        Active a = active;
        a.use().retire();
        a.executor().close();
        timer.shutdown();
    }
}
