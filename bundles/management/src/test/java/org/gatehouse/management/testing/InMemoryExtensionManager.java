package org.gatehouse.management.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.UploadPreview;
import org.gatehouse.extension.manager.api.Uploader;

/**
 * An {@link ExtensionManager} for the management API's tests, kept in memory: the real one
 * (bundles/extension-manager) is wired end to end in itest/. It reads the uploaded jar's real
 * manifest and hashes the real file, and refuses the way the contract says: not a jar is
 * INVALID, a symbolic name starting with {@code denied.} is DENIED by qualification, installing
 * twice is a CONFLICT, an unknown name is NOT_FOUND. It remembers every call's uploader.
 */
public final class InMemoryExtensionManager implements ExtensionManager {
    private final Map<String, ExtensionRecord> records = new TreeMap<>();
    private final List<Uploader> uploaders = new ArrayList<>();
    private final List<Optional<String>> policies = new ArrayList<>();
    private final Map<String, org.gatehouse.extension.manager.api.ExtensionConditions> conditions = new TreeMap<>();
    private volatile Reading reading = (operation, jar) -> { };

    /**
     * Runs as an operation ({@code preview}, {@code install}, {@code upgrade}) is about to read the
     * jar it was given, and again, as {@code <operation> read}, once it has read it: what an
     * attacker could do in those moments.
     */
    @FunctionalInterface
    public interface Reading {
        void before(String operation, Path jar) throws IOException;
    }

    /** From now on, {@code hook} runs before each preview, install and upgrade reads its jar. */
    public void beforeReading(Reading hook) {
        reading = hook;
    }

    private void reading(String operation, Path jar) throws ExtensionOperationException {
        try {
            reading.before(operation, jar);
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.FAILED, List.of(e.toString()));
        }
    }

    @Override
    public synchronized List<ExtensionRecord> list() {
        return List.copyOf(records.values());
    }

    @Override
    public synchronized Optional<ExtensionRecord> get(String symbolicName) {
        return Optional.ofNullable(records.get(symbolicName));
    }

    @Override
    public synchronized UploadPreview preview(Path jar, Optional<byte[]> policy, Uploader uploader) throws ExtensionOperationException {
        reading("preview", jar);
        Identity id = identify(jar);
        boolean denied = id.name().startsWith("denied.");
        // like the real pipeline, the first reason notes the moment of this inspection
        String receipt = "upload: [" + uploader.fileName() + "] by [" + uploader.user() + "] received at " + Instant.now();
        List<String> reasons = denied ? List.of("rule [no-unknown-publishers] denies " + id.name(), "hash not in the signature database")
                : List.of(receipt, "hash not in the signature database");
        UploadPreview preview = new UploadPreview(id.name(), id.version(), sha256(jar), denied ? "DENY" : "ENABLE", reasons,
                List.of(), granted(policy), List.of(), List.of(id.name() + ":step"), records.containsKey(id.name()));
        reading("preview read", jar);
        return preview;
    }

    @Override
    public synchronized ExtensionRecord install(Path jar, Optional<byte[]> policy, Uploader uploader) throws ExtensionOperationException {
        reading("install", jar);
        Identity id = identify(jar);
        qualify(id);
        if (records.containsKey(id.name())) {
            throw new ExtensionOperationException(Kind.CONFLICT, List.of(id.name() + " is already installed; upgrade it instead"));
        }
        return store(id, jar, policy, uploader, ExtensionState.ENABLED);
    }

    @Override
    public synchronized ExtensionRecord upgrade(String symbolicName, Path jar, Optional<byte[]> policy, Uploader uploader)
            throws ExtensionOperationException {
        ExtensionRecord old = require(symbolicName);
        reading("upgrade", jar);
        Identity id = identify(jar);
        qualify(id);
        if (!id.name().equals(symbolicName)) {
            throw new ExtensionOperationException(Kind.INVALID, List.of("the upload is " + id.name() + ", not " + symbolicName));
        }
        if (id.version().equals(old.version())) {
            throw new ExtensionOperationException(Kind.CONFLICT, List.of(symbolicName + " " + id.version() + " is already installed"));
        }
        return store(id, jar, policy.isPresent() ? policy : old.policy().map(String::getBytes), uploader, old.state());
    }

    @Override
    public synchronized ExtensionRecord enable(String symbolicName) throws ExtensionOperationException {
        return withState(require(symbolicName), ExtensionState.ENABLED);
    }

    @Override
    public synchronized ExtensionRecord disable(String symbolicName) throws ExtensionOperationException {
        return withState(require(symbolicName), ExtensionState.DISABLED);
    }

    @Override
    public synchronized ExtensionRecord replacePolicy(String symbolicName, byte[] policy, Uploader uploader) throws ExtensionOperationException {
        ExtensionRecord r = require(symbolicName);
        if (!new String(policy).contains("extension-policy")) {
            throw new ExtensionOperationException(Kind.INVALID, List.of("policy.xml [1:1] /: not an extension policy"));
        }
        uploaders.add(uploader);
        ExtensionRecord changed = new ExtensionRecord(r.symbolicName(), r.version(), r.sha256(), r.state(), r.installedAt(),
                r.installedBy(), r.verdict(), r.qualificationReasons(), Optional.of(new String(policy)), granted(Optional.of(policy)),
                List.of(), r.bladelets(), r.failure());
        records.put(symbolicName, changed);
        return changed;
    }

    @Override
    public synchronized void remove(String symbolicName) throws ExtensionOperationException {
        require(symbolicName);
        records.remove(symbolicName);
    }

    /** Who uploaded, in call order. */
    /** What {@link #conditionsOf} answers for this extension from now on. */
    public synchronized void conditions(String symbolicName, org.gatehouse.extension.manager.api.ExtensionConditions c) {
        conditions.put(symbolicName, c);
    }

    @Override
    public synchronized Optional<org.gatehouse.extension.manager.api.ExtensionConditions> conditionsOf(String symbolicName) {
        return get(symbolicName).map(r -> conditions.getOrDefault(symbolicName,
                org.gatehouse.extension.manager.api.ExtensionConditions.none()));
    }

    public synchronized List<Uploader> uploaders() {
        return List.copyOf(uploaders);
    }

    /** The policy text each install or upgrade was given, in call order. */
    public synchronized List<Optional<String>> policies() {
        return List.copyOf(policies);
    }

    private ExtensionRecord store(Identity id, Path jar, Optional<byte[]> policy, Uploader uploader, ExtensionState state)
            throws ExtensionOperationException {
        uploaders.add(uploader);
        policies.add(policy.map(String::new));
        ExtensionRecord r = new ExtensionRecord(id.name(), id.version(), sha256(jar), state, Instant.parse("2026-01-01T00:00:00Z"),
                uploader.user(), "ENABLE", List.of(), policy.map(String::new), granted(policy), List.of(), List.of(id.name() + ":step"),
                Optional.empty());
        records.put(id.name(), r);
        return r;
    }

    private ExtensionRecord withState(ExtensionRecord r, ExtensionState state) throws ExtensionOperationException {
        if (r.state() == state) {
            throw new ExtensionOperationException(Kind.CONFLICT, List.of(r.symbolicName() + " is already " + state.name().toLowerCase()));
        }
        ExtensionRecord changed = new ExtensionRecord(r.symbolicName(), r.version(), r.sha256(), state, r.installedAt(), r.installedBy(),
                r.verdict(), r.qualificationReasons(), r.policy(), r.grantedPermissions(), r.rejectedPermissions(), r.bladelets(), r.failure());
        records.put(r.symbolicName(), changed);
        return changed;
    }

    private ExtensionRecord require(String name) throws ExtensionOperationException {
        ExtensionRecord r = records.get(name);
        if (r == null) {
            throw new ExtensionOperationException(Kind.NOT_FOUND, List.of("no extension " + name));
        }
        return r;
    }

    private static void qualify(Identity id) throws ExtensionOperationException {
        if (id.name().startsWith("denied.")) {
            throw new ExtensionOperationException(Kind.DENIED, List.of("rule [no-unknown-publishers] denies " + id.name(),
                    "hash not in the signature database"));
        }
    }

    private static List<String> granted(Optional<byte[]> policy) {
        return policy.isPresent() ? List.of("socket 127.0.0.1:6379 connect,resolve") : List.of();
    }

    private record Identity(String name, String version) {
    }

    private static Identity identify(Path jar) throws ExtensionOperationException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new ExtensionOperationException(Kind.INVALID, List.of("not a bundle: the manifest has no Bundle-SymbolicName"));
            }
            String version = manifest.getMainAttributes().getValue("Bundle-Version");
            return new Identity(name, version == null ? "0.0.0" : version);
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of("not a bundle: " + e.getMessage()));
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
