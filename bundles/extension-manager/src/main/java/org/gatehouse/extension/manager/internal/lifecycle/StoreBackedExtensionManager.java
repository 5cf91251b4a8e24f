package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gatehouse.extension.manager.api.ExtensionConditions;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.LoadAlerts;
import org.gatehouse.extension.manager.api.UploadPreview;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.extension.manager.internal.alert.LoadAlerter;
import org.gatehouse.extension.manager.internal.store.ExtensionStore;
import org.gatehouse.extension.manager.internal.store.StoredExtension;
import org.gatehouse.extension.qualification.Condition;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.MergedPolicy;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * {@link ExtensionManager} over the {@link ExtensionStore} and the framework. One operation runs
 * at a time. Each one inspects everything it can first, then writes its journal entry, its files,
 * changes the framework, and commits the record last; a failure before the commit undoes the
 * framework changes and the files, so the store and the framework stay as they were.
 */
public final class StoreBackedExtensionManager implements ExtensionManager {
    private static final Logger LOG = System.getLogger(StoreBackedExtensionManager.class.getName());
    /** The audit action of an extension the element disabled because its enable ended. */
    static final String EXTENSION_DISABLED = "extension.disabled";

    private final ExtensionStore store;
    private final UploadInspector inspector;
    private final ExtensionBundles bundles;
    private final PolicyService policies;
    private final Supplier<Set<String>> quarantined;
    /** Guarded by this. */
    private final Inventory inventory = new Inventory();
    private volatile Consumer<String> steps = step -> { };
    private final EnableWindows windows = new EnableWindows(this::windowEnded);
    private final LoadAlerter alerts;

    StoreBackedExtensionManager(ExtensionStore store, UploadInspector inspector, ExtensionBundles bundles, PolicyService policies,
                                Supplier<Set<String>> quarantined, LoadAlerter alerts) {
        this.store = store;
        this.inspector = inspector;
        this.bundles = bundles;
        this.policies = policies;
        this.quarantined = quarantined;
        this.alerts = alerts;
    }

    /** Stops the alarms of the enable windows and the alert poster. */
    void close() {
        windows.close();
        alerts.close();
    }

    /**
     * Lets a crash test stop the process at a step of an operation: {@code journaled}, {@code stored}
     * (files written), {@code applied} (framework changed, record not yet written), {@code committed}.
     */
    void observeSteps(Consumer<String> observer) {
        steps = observer;
    }

    /** Start-up: recovers the store and installs every stored extension in its stored state. */
    synchronized void restore() throws IOException {
        ExtensionStore.Recovery recovery = store.recover();
        recovery.problems().forEach(p -> LOG.log(Level.ERROR, p));
        recovery.committed().forEach(inventory::committed);
        for (String name : recovery.interrupted()) {
            if (inventory.stored(name).isEmpty()) {
                setPolicyQuietly(name, Optional.empty());
            }
        }
        for (StoredExtension s : recovery.committed()) {
            restoreOne(s);
        }
        for (String name : recovery.interrupted()) {
            store.end(name, inventory.stored(name));
            LOG.log(Level.WARNING, "an operation on extension " + name + " was cut off; its last committed state is restored");
        }
    }

    private void restoreOne(StoredExtension s) {
        String what = ExtensionRecords.what(s.record());
        try {
            // the audit level is set before any of the extension's code can run
            policies.auditEveryUse(s.symbolicName(), auditsEveryUse(s.conditions()));
            bundles.setPolicy(s.symbolicName(), s.record().policy().map(p -> p.getBytes(StandardCharsets.UTF_8)));
            Bundle bundle = bundles.install(store.jarOf(s), false, what);
            inventory.running(s.symbolicName(), bundle);
            if (s.record().state() == ExtensionState.ENABLED && s.windowEnded(Instant.now())) {
                // the window ended while the element was down: disabled before it runs a single step
                disableAtWindowEnd(s, null);
            } else if (s.record().state() == ExtensionState.ENABLED) {
                bundles.start(bundle, what);
                windows.schedule(s.symbolicName(), s.enabledUntil());
            }
        } catch (ExtensionOperationException e) {
            inventory.failed(s.symbolicName(), e.getMessage());
            LOG.log(Level.ERROR, "stored extension " + what + " not restored: " + e.getMessage());
        }
    }

    @Override
    public List<ExtensionRecord> list() {
        Set<String> held = quarantined.get();
        return inventory.list().stream().map(r -> withQuarantine(r, held)).toList();
    }

    @Override
    public Optional<ExtensionRecord> get(String symbolicName) {
        Set<String> held = quarantined.get();
        return inventory.get(symbolicName).map(r -> withQuarantine(r, held));
    }

    @Override
    public Optional<ExtensionConditions> conditionsOf(String symbolicName) {
        return inventory.stored(symbolicName).map(s -> new ExtensionConditions(s.conditions().stream().map(Condition::describe).toList(),
                auditsEveryUse(s.conditions()), s.enabledUntil(), s.disabledBecause()));
    }

    @Override
    public LoadAlerts loadAlerts() {
        return alerts.counts();
    }

    /** An enabled extension the flow engine quarantined is shown {@code QUARANTINED}; the stored state stays enabled. */
    private static ExtensionRecord withQuarantine(ExtensionRecord r, Set<String> held) {
        return r.state() == ExtensionState.ENABLED && held.contains(r.symbolicName())
                ? ExtensionRecords.withState(r, ExtensionState.QUARANTINED) : r;
    }

    @Override
    public synchronized UploadPreview preview(Path jar, Optional<byte[]> policy, Uploader uploader) throws ExtensionOperationException {
        Inspection first = inspector.inspect(jar, policy, Optional.empty(), uploader, false, false);
        inspector.discard(first.staged());
        Optional<StoredExtension> installed = inventory.stored(first.symbolicName());
        if (installed.isEmpty()) {
            return first.toPreview(false);
        }
        StoredExtension current = installed.get();
        // an upgrade keeps the current policy when none is uploaded, and its codebase is installed beside
        Inspection upgrade = inspector.inspect(jar, policy, policyBytes(current), uploader, inventory.bundle(current.symbolicName()).isPresent(), false);
        inspector.discard(upgrade.staged());
        return upgrade.toPreview(true);
    }

    @Override
    public synchronized ExtensionRecord install(Path jar, Optional<byte[]> policy, Uploader uploader) throws ExtensionOperationException {
        Inspection in = inspector.inspect(jar, policy, Optional.empty(), uploader, false, true);
        Optional<StoredExtension> installed = inventory.stored(in.symbolicName());
        if (installed.isPresent()) {
            inspector.discard(in.staged());
            throw new ExtensionOperationException(Kind.CONFLICT, List.of(in.symbolicName() + " is installed already, at version "
                    + installed.get().record().version() + "; upgrade it instead"));
        }
        String what = in.symbolicName() + " " + in.version();
        Bundle bundle = null;
        begin(in, "install");
        try {
            StoredExtension kept = keepFiles(in, ExtensionState.ENABLED, uploader);
            policies.auditEveryUse(in.symbolicName(), auditsEveryUse(in.conditions()));
            bundles.setPolicy(in.symbolicName(), in.policy());
            bundle = bundles.install(store.jarOf(kept), false, what);
            bundles.checkBladelets(bundle, in.descriptor(), what);
            bundles.start(bundle, what);
            steps.accept("applied");
            StoredExtension done = kept.with(withMerge(kept.record(), bundle));
            commit(done);
            inventory.running(done.symbolicName(), bundle);
            windows.schedule(done.symbolicName(), done.enabledUntil());
            endQuietly(done.symbolicName(), Optional.of(done));
            return done.record();
        } catch (ExtensionOperationException | RuntimeException e) {
            if (bundle != null) {
                bundles.uninstallQuietly(bundle);
            }
            policies.auditEveryUse(in.symbolicName(), false);
            setPolicyQuietly(in.symbolicName(), Optional.empty());
            endQuietly(in.symbolicName(), Optional.empty());
            throw e;
        }
    }

    @Override
    public synchronized ExtensionRecord upgrade(String symbolicName, Path jar, Optional<byte[]> policy, Uploader uploader)
            throws ExtensionOperationException {
        StoredExtension current = inventory.require(symbolicName);
        Bundle old = inventory.bundle(symbolicName).orElse(null);
        Inspection in = inspector.inspect(jar, policy, policyBytes(current), uploader, old != null, true);
        String refusal = !in.symbolicName().equals(symbolicName)
                ? uploader.fileName() + " is " + in.symbolicName() + ", not " + symbolicName
                : sameVersion(in.version(), current.record().version()) ? symbolicName + " is at version " + in.version() + " already" : null;
        if (refusal != null) {
            inspector.discard(in.staged());
            throw new ExtensionOperationException(in.symbolicName().equals(symbolicName) ? Kind.CONFLICT : Kind.INVALID, List.of(refusal));
        }
        String what = symbolicName + " " + in.version();
        Bundle fresh = null;
        StoredExtension kept;
        begin(in, "upgrade");
        try {
            kept = keepFiles(in, current.record().state(), uploader);
            policies.auditEveryUse(symbolicName, auditsEveryUse(current.conditions()) || auditsEveryUse(in.conditions()));
            bundles.setPolicy(symbolicName, in.policy());
            fresh = bundles.install(store.jarOf(kept), old != null, what);
            bundles.checkBladelets(fresh, in.descriptor(), what);
            if (current.record().state() == ExtensionState.ENABLED) {
                bundles.start(fresh, what); // the new version serves new messages before the old one stops
            }
        } catch (ExtensionOperationException | RuntimeException e) {
            if (fresh != null) {
                bundles.uninstallQuietly(fresh);
            }
            policies.auditEveryUse(symbolicName, auditsEveryUse(current.conditions()));
            setPolicyQuietly(symbolicName, policyBytes(current));
            endQuietly(symbolicName, Optional.of(current));
            throw e;
        }
        retire(old, ExtensionRecords.what(current.record()));
        steps.accept("applied");
        StoredExtension done = kept.with(withMerge(kept.record(), fresh));
        commitAfterFrameworkChange(done);
        policies.auditEveryUse(symbolicName, auditsEveryUse(done.conditions()));
        inventory.running(symbolicName, fresh);
        windows.schedule(symbolicName, done.record().state() == ExtensionState.ENABLED ? done.enabledUntil() : Optional.empty());
        endQuietly(symbolicName, Optional.of(done));
        return done.record();
    }

    /** Stops and uninstalls the version an upgrade replaced; the flow engine lets its messages in flight finish first. */
    private void retire(Bundle old, String what) {
        if (old == null) {
            return;
        }
        try {
            bundles.stop(old, what);
        } catch (ExtensionOperationException e) {
            LOG.log(Level.WARNING, e.getMessage() + "; uninstalling it anyway");
        }
        bundles.uninstallQuietly(old);
    }

    @Override
    public synchronized ExtensionRecord enable(String symbolicName) throws ExtensionOperationException {
        return switchState(symbolicName, ExtensionState.ENABLED);
    }

    @Override
    public synchronized ExtensionRecord disable(String symbolicName) throws ExtensionOperationException {
        return switchState(symbolicName, ExtensionState.DISABLED);
    }

    private ExtensionRecord switchState(String symbolicName, ExtensionState target) throws ExtensionOperationException {
        StoredExtension current = inventory.require(symbolicName);
        Bundle bundle = inventory.requireBundle(current);
        String what = ExtensionRecords.what(current.record());
        boolean running = bundle.getState() == Bundle.ACTIVE;
        if (target == ExtensionState.ENABLED && current.windowEnded(Instant.now())) {
            throw new ExtensionOperationException(Kind.CONFLICT, List.of(windowEndedReason(current)
                    + "; upload it again (upgrade) for qualification to decide anew"));
        }
        if (current.record().state() == target && running == (target == ExtensionState.ENABLED)) {
            return inventory.get(symbolicName).orElseThrow();
        }
        if (target == ExtensionState.ENABLED) {
            bundles.start(bundle, what); // also retries one that did not start at the last restore
        } else {
            bundles.stop(bundle, what);
        }
        steps.accept("applied");
        StoredExtension done = current.with(ExtensionRecords.withState(current.record(), target)).because(Optional.empty());
        try {
            commit(done);
        } catch (ExtensionOperationException e) {
            undoSwitch(bundle, target, what);
            throw e;
        }
        inventory.running(symbolicName, bundle);
        windows.schedule(symbolicName, target == ExtensionState.ENABLED ? done.enabledUntil() : Optional.empty());
        return done.record();
    }

    private void undoSwitch(Bundle bundle, ExtensionState target, String what) {
        try {
            if (target == ExtensionState.ENABLED) {
                bundles.stop(bundle, what);
            } else {
                bundles.start(bundle, what);
            }
        } catch (ExtensionOperationException e) {
            LOG.log(Level.ERROR, "cannot undo a state change not committed: " + e.getMessage());
        }
    }

    @Override
    public synchronized ExtensionRecord replacePolicy(String symbolicName, byte[] policy, Uploader uploader)
            throws ExtensionOperationException {
        StoredExtension current = inventory.require(symbolicName);
        Bundle bundle = inventory.requireBundle(current);
        byte[] narrowed = narrow(policy, current);
        MergePreview preview = inspector.preview(codebaseOf(bundle), "uploaded policy of " + symbolicName, narrowed);
        beginQuietly(symbolicName, "replace-policy");
        StoredExtension done;
        try {
            String file = store.keepPolicy(symbolicName, narrowed);
            steps.accept("stored");
            bundles.setPolicy(symbolicName, Optional.of(narrowed));
            steps.accept("applied");
            ExtensionRecord r = current.record();
            ExtensionRecord next = new ExtensionRecord(r.symbolicName(), r.version(), r.sha256(), r.state(), r.installedAt(),
                    r.installedBy(), r.verdict(), r.qualificationReasons(), Optional.of(new String(narrowed, StandardCharsets.UTF_8)),
                    List.of(), List.of(), r.bladelets(), Optional.empty());
            done = new StoredExtension(withMerge(next, bundle, preview.merge()), current.jarFile(), Optional.of(file), current.conditions(),
                    current.enabledUntil(), current.disabledBecause());
            commit(done);
        } catch (IOException | ExtensionOperationException | RuntimeException e) {
            setPolicyQuietly(symbolicName, policyBytes(current));
            endQuietly(symbolicName, Optional.of(current));
            throw e instanceof ExtensionOperationException x ? x
                    : new ExtensionOperationException(Kind.FAILED, "policy of " + symbolicName + " not replaced: " + e, e);
        }
        LOG.log(Level.INFO, "policy of extension " + symbolicName + " replaced by " + uploader.user());
        endQuietly(symbolicName, Optional.of(done));
        return done.record();
    }

    @Override
    public synchronized void remove(String symbolicName) throws ExtensionOperationException {
        StoredExtension current = inventory.require(symbolicName);
        Bundle bundle = inventory.bundle(symbolicName).orElse(null);
        beginQuietly(symbolicName, "remove");
        if (bundle != null && current.record().state() == ExtensionState.ENABLED) {
            bundles.stop(bundle, ExtensionRecords.what(current.record()));
        }
        steps.accept("applied");
        try {
            store.forget(symbolicName);
            steps.accept("committed");
        } catch (IOException e) {
            if (bundle != null && current.record().state() == ExtensionState.ENABLED) {
                undoSwitch(bundle, ExtensionState.DISABLED, ExtensionRecords.what(current.record()));
            }
            endQuietly(symbolicName, Optional.of(current));
            throw new ExtensionOperationException(Kind.FAILED, "extension " + symbolicName + " not removed from the store: " + e, e);
        }
        inventory.forget(symbolicName);
        windows.cancel(symbolicName);
        if (bundle != null) {
            bundles.uninstallQuietly(bundle);
        }
        policies.auditEveryUse(symbolicName, false);
        setPolicyQuietly(symbolicName, Optional.empty());
        endQuietly(symbolicName, Optional.empty());
    }

    // --- the conditions of a conditional enable

    /** Whether the conditions put the extension at the higher audit level ({@code extra-audit}). */
    static boolean auditsEveryUse(List<Condition> conditions) {
        return conditions.stream().anyMatch(c -> c.kind() == Condition.Kind.EXTRA_AUDIT);
    }

    /** The end of an enable from {@code start} under a {@code time-limit} condition, if there is one. */
    static Optional<Instant> enabledUntil(Instant start, List<Condition> conditions) {
        return conditions.stream().filter(c -> c.kind() == Condition.Kind.TIME_LIMIT).map(c -> start.plus(c.limit())).findFirst();
    }

    private static String windowEndedReason(StoredExtension s) {
        String limit = s.conditions().stream().filter(c -> c.kind() == Condition.Kind.TIME_LIMIT).map(Condition::describe)
                .findFirst().orElse("time-limit");
        return "the enable of " + ExtensionRecords.what(s.record()) + " ended at " + s.enabledUntil().map(Instant::toString).orElse("?")
                + " (condition " + limit + ")";
    }

    /** The alarm of an enable window: disables the extension if its stored window has ended and it is still enabled. */
    private synchronized void windowEnded(String symbolicName) {
        Optional<StoredExtension> stored = inventory.stored(symbolicName);
        if (stored.isEmpty() || stored.get().record().state() != ExtensionState.ENABLED || stored.get().enabledUntil().isEmpty()) {
            return;
        }
        if (!stored.get().windowEnded(Instant.now())) {
            windows.schedule(symbolicName, stored.get().enabledUntil());
            return;
        }
        disableAtWindowEnd(stored.get(), inventory.bundle(symbolicName).orElse(null));
    }

    /**
     * Stops the extension (when it runs), commits it {@code DISABLED} with the reason, then audits
     * and logs it. A record that cannot be written is logged: the bundle stays stopped, and the
     * next start disables it again, since the stored window has ended.
     */
    private void disableAtWindowEnd(StoredExtension s, Bundle bundle) {
        String reason = windowEndedReason(s);
        String what = ExtensionRecords.what(s.record());
        if (bundle != null && bundle.getState() == Bundle.ACTIVE) {
            try {
                bundles.stop(bundle, what);
            } catch (ExtensionOperationException e) {
                LOG.log(Level.ERROR, "extension " + what + " not stopped at the end of its enable: " + e.getMessage());
            }
        }
        StoredExtension done = s.with(ExtensionRecords.withState(s.record(), ExtensionState.DISABLED)).because(Optional.of(reason));
        try {
            commit(done);
        } catch (ExtensionOperationException e) {
            LOG.log(Level.ERROR, e.getMessage() + "; it stays stopped, and the next start disables it again");
        }
        LOG.log(Level.WARNING, "extension " + what + " disabled: " + reason);
        policies.record(new AuditEvent(Instant.now(), EXTENSION_DISABLED, "ext:" + s.symbolicName() + "/" + s.record().version(),
                "extension " + what + " disabled: " + reason, s.conditions().stream().map(c -> "condition " + c.describe()).toList()));
    }

    // --- steps shared by the operations

    private void begin(Inspection in, String operation) throws ExtensionOperationException {
        try {
            store.begin(in.symbolicName(), operation);
            steps.accept("journaled");
        } catch (IOException e) {
            inspector.discard(in.staged());
            throw new ExtensionOperationException(Kind.FAILED, operation + " of " + in.symbolicName() + " not journaled: " + e, e);
        }
    }

    private void beginQuietly(String symbolicName, String operation) throws ExtensionOperationException {
        try {
            store.begin(symbolicName, operation);
            steps.accept("journaled");
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.FAILED, operation + " of " + symbolicName + " not journaled: " + e, e);
        }
    }

    private StoredExtension keepFiles(Inspection in, ExtensionState state, Uploader uploader) throws ExtensionOperationException {
        try {
            String jarFile = store.keepJar(in.symbolicName(), in.staged(), in.sha256());
            Optional<String> policyFile = in.policy().isPresent()
                    ? Optional.of(store.keepPolicy(in.symbolicName(), in.policy().get()))
                    : Optional.empty();
            steps.accept("stored");
            ExtensionRecord record = ExtensionRecords.of(in, state, uploader);
            return new StoredExtension(record, jarFile, policyFile, in.conditions(), enabledUntil(record.installedAt(), in.conditions()),
                    Optional.empty());
        } catch (IOException e) {
            inspector.discard(in.staged());
            throw new ExtensionOperationException(Kind.FAILED, in.symbolicName() + ": not written to the store: " + e, e);
        }
    }

    private void commit(StoredExtension s) throws ExtensionOperationException {
        try {
            store.commit(s);
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.FAILED, ExtensionRecords.what(s.record()) + ": record not written: " + e, e);
        }
        inventory.committed(s);
        steps.accept("committed");
    }

    /** After an upgrade retired the old version there is no way back: a record that cannot be written is the disk's failure. */
    private void commitAfterFrameworkChange(StoredExtension s) throws ExtensionOperationException {
        try {
            commit(s);
        } catch (ExtensionOperationException e) {
            LOG.log(Level.ERROR, e.getMessage() + "; the framework runs the new version until the next start, which restores the old one");
            throw e;
        }
    }

    private void endQuietly(String symbolicName, Optional<StoredExtension> committed) {
        try {
            store.end(symbolicName, committed);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "extension store not tidied after an operation on " + symbolicName + " (start-up will): " + e);
        }
    }

    private void setPolicyQuietly(String symbolicName, Optional<byte[]> policy) {
        try {
            bundles.setPolicy(symbolicName, policy);
        } catch (ExtensionOperationException e) {
            LOG.log(Level.ERROR, "policy of " + symbolicName + " not put back: " + e.getMessage());
        }
    }

    /** A replaced policy stays under the conditions the extension was admitted with. */
    private byte[] narrow(byte[] policy, StoredExtension current) throws ExtensionOperationException {
        try {
            return policies.narrow("uploaded policy of " + current.symbolicName(), policy,
                    UploadInspector.drops(current.conditions())).document();
        } catch (XmlDocumentException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(e.getMessage()));
        }
    }

    private static Optional<byte[]> policyBytes(StoredExtension s) {
        return s.record().policy().map(p -> p.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameVersion(String a, String b) {
        try {
            return Version.parseVersion(a).equals(Version.parseVersion(b));
        } catch (IllegalArgumentException e) {
            return a.equals(b);
        }
    }

    /** The permissions as the snapshot in force merged them for the installed bundle. */
    private ExtensionRecord withMerge(ExtensionRecord r, Bundle bundle) {
        return mergedPolicyOf(bundle).map(m -> ExtensionRecords.withMerge(r, m)).orElse(r);
    }

    private ExtensionRecord withMerge(ExtensionRecord r, Bundle bundle, MergedPolicy fallback) {
        return ExtensionRecords.withMerge(r, mergedPolicyOf(bundle).orElse(fallback));
    }

    private Optional<MergedPolicy> mergedPolicyOf(Bundle bundle) {
        return policies.extensionOf(bundle).flatMap(c -> policies.mergedPolicyOf(c.id()));
    }

    /** The codebase of an installed extension's bundle; the installer always installs extensions. */
    private Codebase codebaseOf(Bundle bundle) {
        return policies.extensionOf(bundle).orElseThrow(
                () -> new IllegalStateException(bundle.getLocation() + " is not an extension to the control module"));
    }

}
