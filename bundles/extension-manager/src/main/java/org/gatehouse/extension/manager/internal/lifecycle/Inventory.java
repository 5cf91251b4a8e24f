package org.gatehouse.extension.manager.internal.lifecycle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.internal.store.StoredExtension;
import org.osgi.framework.Bundle;

/**
 * What the manager knows now: the committed extensions, the bundle each one runs as, and why a
 * stored extension does not run (it is then shown {@code FAILED}). Changes are made under the
 * manager's lock; {@link #list()} and {@link #get} read an immutable copy published after each
 * change, so the management plane can read while an upgrade runs.
 */
final class Inventory {
    private final Map<String, StoredExtension> stored = new TreeMap<>();
    private final Map<String, Bundle> live = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private volatile List<ExtensionRecord> published = List.of();

    void committed(StoredExtension s) {
        stored.put(s.symbolicName(), s);
        publish();
    }

    void running(String symbolicName, Bundle bundle) {
        live.put(symbolicName, bundle);
        failures.remove(symbolicName);
        publish();
    }

    void failed(String symbolicName, String reason) {
        failures.put(symbolicName, reason);
        publish();
    }

    void forget(String symbolicName) {
        stored.remove(symbolicName);
        live.remove(symbolicName);
        failures.remove(symbolicName);
        publish();
    }

    Optional<StoredExtension> stored(String symbolicName) {
        return Optional.ofNullable(stored.get(symbolicName));
    }

    /** The bundle it runs as, if the framework has it. */
    Optional<Bundle> bundle(String symbolicName) {
        return Optional.ofNullable(live.get(symbolicName)).filter(b -> b.getState() != Bundle.UNINSTALLED);
    }

    List<ExtensionRecord> list() {
        return published;
    }

    Optional<ExtensionRecord> get(String symbolicName) {
        return published.stream().filter(r -> r.symbolicName().equals(symbolicName)).findFirst();
    }

    private void publish() {
        published = stored.values().stream().map(this::view).toList();
    }

    StoredExtension require(String symbolicName) throws ExtensionOperationException {
        return stored(symbolicName).orElseThrow(() -> new ExtensionOperationException(Kind.NOT_FOUND,
                List.of("no extension " + symbolicName + " is installed")));
    }

    Bundle requireBundle(StoredExtension s) throws ExtensionOperationException {
        return bundle(s.symbolicName()).orElseThrow(() -> new ExtensionOperationException(Kind.CONFLICT, List.of(
                ExtensionRecords.what(s.record()) + " is not installed in the framework ("
                        + failures.getOrDefault(s.symbolicName(), "unknown reason") + "); upgrade or remove it")));
    }

    private ExtensionRecord view(StoredExtension s) {
        String failure = failures.get(s.symbolicName());
        return failure == null ? s.record() : ExtensionRecords.failed(s.record(), failure);
    }
}
