package org.gatehouse.policy.engine.osgi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.Optional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.decision.ExtensionEntry;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.decision.PolicySnapshot;
import org.gatehouse.policy.engine.decision.SnapshotDiff;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Re-reads the system policy and every extension's policy and swaps a new generation into the
 * engine. Runs synchronously when a bundle comes or goes (so an extension never starts before its
 * policy is in force), and on its own thread when a policy file changes, coalescing bursts.
 *
 * <p>A policy file that does not read (the system policy, or any file of
 * {@code extension-policies/}): at start the control module refuses to start, so the element does
 * not start ({@link #requireReadablePolicies}); later, the last good one stays and the file is
 * reported with its place. A missing system policy means the vendor default shipped in this
 * bundle; a missing extension policy file, the policy inside the extension, else none.
 */
final class PolicyRefresher {
    private static final Logger LOG = System.getLogger(PolicyRefresher.class.getName());
    static final String DEFAULT_POLICY = "/org/gatehouse/policy/engine/default-system-policy.xml";
    /** The system policy's name in the conf folder, as the content in force and errors name it. */
    static final String SYSTEM_POLICY = "system-policy.xml";

    private final BundleContext context;
    private final ControlSettings settings;
    private final BundleClassifier classifier;
    private final PolicyEngine engine;
    private final AuditSink audit;
    private final ExtensionPolicies policies;
    private final AtomicReference<PermissionTypeRegistry> registry = new AtomicReference<>(PermissionTypeRegistry.builtIns());
    private final AtomicReference<SystemPolicy> lastGoodSystem = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Guarded by this: problems found by the refresh under way, and those already reported. */
    private final Set<String> problemsThisRefresh = new HashSet<>();
    private final Set<String> problemsReported = new HashSet<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-policy-refresh");
        t.setDaemon(true);
        return t;
    });

    PolicyRefresher(BundleContext context, ControlSettings settings, BundleClassifier classifier, PolicyEngine engine, AuditSink audit) {
        this.context = context;
        this.settings = settings;
        this.classifier = classifier;
        this.engine = engine;
        this.audit = audit;
        this.policies = new ExtensionPolicies(settings.ledger(), this::problem);
    }

    ExtensionPolicies policies() {
        return policies;
    }

    PermissionTypeRegistry registry() {
        return registry.get();
    }

    void setRegistry(PermissionTypeRegistry next) {
        registry.set(next);
        request();
    }

    /** Asks for a refresh on the worker thread; many requests in a burst make one refresh. */
    void request() {
        if (pending.compareAndSet(false, true)) {
            worker.execute(() -> {
                pending.set(false);
                refreshNow();
            });
        }
    }

    /** Re-reads everything and swaps; returns the new generation. */
    synchronized long refreshNow() {
        problemsThisRefresh.clear();
        try {
            return rebuild();
        } finally {
            problemsReported.clear();
            problemsReported.addAll(problemsThisRefresh);
        }
    }

    private long rebuild() {
        PermissionTypeRegistry types = registry.get();
        PolicyParser parser = new PolicyParser(types);
        SystemPolicy system = systemPolicy(parser);
        List<ExtensionEntry> entries = extensionEntries(parser, null, Optional.empty());
        policies.checkUnused(parser, entries.stream().map(e -> e.codebase().symbolicName()).toList());
        engine.apply(types, system, settings.variables(), entries);
        return engine.current().generation();
    }

    /**
     * What putting {@code content} in force as the policy file {@code name} of the conf folder
     * ({@code system-policy.xml} or {@code extension-policies/<symbolic name>.xml}) would change,
     * installing nothing: every policy as a refresh reads it, that one file replaced.
     *
     * @throws XmlDocumentException when the content does not read, naming the file and {@code [line:col]}
     */
    SnapshotDiff preview(String name, Optional<byte[]> content) throws XmlDocumentException, IOException {
        PermissionTypeRegistry types = registry.get();
        PolicyParser parser = new PolicyParser(types);
        SystemPolicy system;
        List<ExtensionEntry> entries;
        if (name.equals(SYSTEM_POLICY)) {
            system = content.isPresent() ? parser.systemPolicy(SYSTEM_POLICY, new ByteArrayInputStream(content.get()))
                    : defaultPolicy(parser);
            entries = extensionEntries(parser, null, Optional.empty());
        } else if (ExtensionPolicies.isPolicyName(name)) {
            if (content.isPresent()) {
                parser.extensionPolicy(name, content.get());
            }
            system = engine.current().system();
            entries = extensionEntries(parser, name, content);
        } else {
            throw new IllegalArgumentException(name + " is not a policy file of the conf folder");
        }
        PolicySnapshot next = PolicySnapshot.build(-1, types, system, settings.variables(), entries);
        return SnapshotDiff.between(engine.current().grantsByCodebase(), next.grantsByCodebase());
    }

    /** Every extension's entry as a refresh reads it; with {@code replaced}, that policy file's content taken as {@code content}. */
    private List<ExtensionEntry> extensionEntries(PolicyParser parser, String replaced, Optional<byte[]> content) {
        List<ExtensionEntry> entries = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            try {
                if (bundle.getState() != Bundle.UNINSTALLED && classifier.isExtension(bundle)) {
                    Codebase codebase = BundleClassifier.codebaseOf(bundle);
                    if (replaced == null) {
                        entries.add(new ExtensionEntry(codebase, policies.read(bundle, parser)));
                        createDataFolder(codebase.symbolicName());
                    } else {
                        entries.add(new ExtensionEntry(codebase, policies.readAsIf(bundle, parser, replaced, content)));
                    }
                }
            } catch (IllegalStateException e) {
                // uninstalled while we looked: the refresh its uninstall event causes leaves it out
            }
        }
        return entries;
    }

    /**
     * Reads the system policy and every file of {@code extension-policies/} once, as the refreshes
     * will: an element must not start on a policy file it cannot read, any more than on an
     * element.xml it cannot read.
     *
     * @throws XmlDocumentException naming the file, line:column, element path and reason
     */
    void requireReadablePolicies() throws XmlDocumentException, IOException {
        PolicyParser parser = new PolicyParser(registry.get());
        Optional<byte[]> system = settings.ledger().inForce(SYSTEM_POLICY);
        if (system.isPresent()) {
            parser.systemPolicy(SYSTEM_POLICY, new ByteArrayInputStream(system.get()));
        }
        policies.requireReadable(parser);
        // the first start's reading is the content in force from now on (docs/management.md "Hand edits")
        settings.ledger().adopt(SYSTEM_POLICY, system);
    }

    private SystemPolicy systemPolicy(PolicyParser parser) {
        try {
            Optional<byte[]> inForce = settings.ledger().inForce(SYSTEM_POLICY);
            SystemPolicy fresh = inForce.isPresent()
                    ? parser.systemPolicy(SYSTEM_POLICY, new ByteArrayInputStream(inForce.get()))
                    : defaultPolicy(parser);
            lastGoodSystem.set(fresh);
            return fresh;
        } catch (XmlDocumentException | IOException e) {
            SystemPolicy previous = lastGoodSystem.get();
            problem("system policy not read, " + (previous == null ? "granting nothing to extensions" : "keeping the previous one")
                    + ": " + e.getMessage());
            return previous != null ? previous : SystemPolicy.denyAll(settings.systemPolicy().toString());
        }
    }

    private SystemPolicy defaultPolicy(PolicyParser parser) throws XmlDocumentException, IOException {
        LOG.log(Level.WARNING, "no " + settings.systemPolicy() + " in force: using the vendor default policy");
        try (InputStream in = PolicyRefresher.class.getResourceAsStream(DEFAULT_POLICY)) {
            if (in == null) {
                throw new IOException("vendor default policy missing from the bundle: " + DEFAULT_POLICY);
            }
            return parser.systemPolicy("default-system-policy.xml", in);
        }
    }

    private void createDataFolder(String symbolicName) {
        try {
            Files.createDirectories(settings.data().resolve("extensions").resolve(symbolicName));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            LOG.log(Level.WARNING, "cannot create the data folder of " + symbolicName + ": " + e.getMessage());
        }
    }

    /**
     * Reports a policy document that does not read. One file change often makes several refreshes
     * (editors write in steps), so a problem is audited once, until a refresh no longer finds it.
     */
    private void problem(String message) {
        problemsThisRefresh.add(message);
        if (problemsReported.contains(message)) {
            return;
        }
        LOG.log(Level.ERROR, message);
        audit.record(new AuditEvent(Instant.now(), AuditEvent.POLICY_REJECTED, PolicyEngine.SYSTEM_SUBJECT, message, List.of()));
    }

    void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
