package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.extension.manager.internal.alert.LoadAlert;
import org.gatehouse.extension.manager.internal.alert.LoadAlerter;
import org.gatehouse.extension.descriptor.BladeletDescriptorReader;
import org.gatehouse.extension.manager.internal.store.ExtensionStore;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.NarrowedPolicy;
import org.gatehouse.policy.engine.api.PermissionDrop;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.extension.qualification.ArchiveLimits;
import org.gatehouse.extension.qualification.Condition;
import org.gatehouse.extension.qualification.InstallQualifier;
import org.gatehouse.extension.qualification.NativeLibrary;
import org.gatehouse.extension.qualification.Qualification;
import org.gatehouse.extension.qualification.Upload;
import org.gatehouse.extension.qualification.Verdict;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;

/**
 * Everything that can be decided about an upload before the framework sees it (docs/extensions.md "Lifecycle", steps 2 to 4):
 * the jar is copied into the store's staging folder (so it cannot change while it is read), its
 * size bounded; install qualification; the bladelet descriptor read and checked; the policy chosen
 * (uploaded, else the one kept from the current version, else the bundle's own), narrowed by the
 * conditions of a conditional enable, and merged in preview. Any refusal discards the staged copy.
 */
final class UploadInspector {
    static final String EMBEDDED_POLICY = "OSGI-INF/gatehouse/policy.xml";
    private static final byte[] NO_POLICY = "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\"/>"
            .getBytes(StandardCharsets.UTF_8);

    private final ExtensionStore store;
    private final QualifierSource qualifiers;
    private final PolicyService policies;
    private final Supplier<Set<String>> platformSymbolicNames;
    private final LoadAlerter alerts;

    UploadInspector(ExtensionStore store, QualifierSource qualifiers, PolicyService policies, Supplier<Set<String>> platformSymbolicNames,
                    LoadAlerter alerts) {
        this.store = store;
        this.qualifiers = qualifiers;
        this.policies = policies;
        this.platformSymbolicNames = platformSymbolicNames;
        this.alerts = alerts;
    }

    /**
     * Inspects an upload. The caller owns {@link Inspection#staged()} afterwards: it moves it into
     * the store or discards it.
     *
     * @param kept the policy in force for this extension now, used when none is uploaded (upgrade)
     * @param beside whether the bundle will be installed beside an installed version (its location differs)
     * @param loading whether this is an install or upgrade (a denied or conditional verdict is alerted) rather than a preview
     */
    Inspection inspect(Path jar, Optional<byte[]> uploaded, Optional<byte[]> kept, Uploader uploader, boolean beside, boolean loading)
            throws ExtensionOperationException {
        Path staged = stage(jar, uploader);
        try {
            return inspectStaged(staged, uploaded, kept, uploader, beside, loading);
        } catch (ExtensionOperationException | RuntimeException e) {
            discard(staged);
            throw e;
        }
    }

    void discard(Path staged) {
        try {
            store.discardStaged(staged);
        } catch (IOException e) {
            // start-up empties staging anyway
        }
    }

    private Inspection inspectStaged(Path staged, Optional<byte[]> uploaded, Optional<byte[]> kept, Uploader uploader, boolean beside,
                                     boolean loading) throws ExtensionOperationException {
        QualifierSource.Configured configured = qualifiers.configure(platformSymbolicNames.get(),
                policies.current().system().allowedPackages());
        if (configured.qualifier().isEmpty()) {
            throw new ExtensionOperationException(Kind.DENIED, configured.problems());
        }
        Qualification qualification = qualify(configured.qualifier().get(), staged, uploader);
        List<String> reasons = new ArrayList<>(qualification.reasons());
        reasons.addAll(configured.notes());
        if (qualification.verdict() == Verdict.DENY && configured.builtIn() && !reasons.isEmpty()
                && reasons.get(0).startsWith("no qualification rule matched")) {
            // the secure default refused it: say how an operator trusts it (docs/extensions.md "Install qualification")
            reasons.set(0, reasons.get(0) + "; " + QualifierSource.howToTrust(qualification.sha256()));
        }
        if (qualification.verdict() == Verdict.DENY) {
            if (loading) {
                alert(LoadAlert.DENIED, qualification, reasons, uploader, staged);
            }
            throw new ExtensionOperationException(Kind.DENIED, reasons);
        }
        String symbolicName = qualification.symbolicName();
        if (!ExtensionStore.storable(symbolicName)) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(uploader.fileName() + ": symbolic name [" + symbolicName
                    + "] cannot name a store folder or policy file"));
        }
        ExtensionDescriptor descriptor = descriptor(staged, uploader.fileName());
        Codebase codebase = Codebase.of(symbolicName, qualification.version(), locationOf(symbolicName, qualification.version(), beside));
        ChosenPolicy chosen = choosePolicy(staged, uploaded, kept, uploader.fileName(), symbolicName);
        Optional<byte[]> policy = chosen.document();
        List<String> dropped = new ArrayList<>();
        if (policy.isPresent()) {
            NarrowedPolicy narrowed = narrow(chosen.source(), policy.get(), qualification.conditions());
            policy = Optional.of(narrowed.document());
            dropped.addAll(narrowed.dropped());
        }
        MergePreview preview = preview(codebase, chosen.source(), policy.orElse(NO_POLICY));
        try {
            requireNativeGrants(qualification.nativeLibraries(), preview, symbolicName);
        } catch (ExtensionOperationException e) {
            if (loading) {
                alert(LoadAlert.DENIED, qualification, e.reasons(), uploader, staged);
            }
            throw e;
        }
        for (Condition condition : qualification.conditions()) {
            reasons.add("condition applied: " + condition.describe());
        }
        reasons.addAll(dropped);
        if (loading && qualification.verdict() == Verdict.CONDITIONAL_ENABLE) {
            alert(LoadAlert.CONDITIONAL, qualification, reasons, uploader, staged);
        }
        return new Inspection(staged, qualification, reasons, descriptor, codebase, policy, preview);
    }

    /** An upload refused before qualification hashed it (an unsafe archive) is still named by its SHA-256 in the alert. */
    private void alert(String outcome, Qualification q, List<String> reasons, Uploader uploader, Path staged) {
        String sha256 = q.sha256();
        if (sha256.isEmpty()) {
            try (InputStream in = Files.newInputStream(staged)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
                sha256 = HexFormat.of().formatHex(digest.digest());
            } catch (IOException | NoSuchAlgorithmException e) {
                sha256 = "(not read: " + e.getMessage() + ")";
            }
        }
        alerts.alert(new LoadAlert(Instant.now(), outcome, q.symbolicName(), q.version(), sha256,
                q.conditions().stream().map(Condition::describe).toList(), reasons, uploader.user(), uploader.fileName()));
    }

    /**
     * Each native library of the bundle must be granted by name ({@code native <library> load}) in the
     * merged policy the extension would run with (docs/extensions.md "Install qualification"): a
     * {@code *} or prefix grant does not count, the policy names each library it lets in.
     */
    static void requireNativeGrants(List<NativeLibrary> libraries, MergePreview preview, String symbolicName)
            throws ExtensionOperationException {
        for (NativeLibrary library : libraries) {
            boolean granted = preview.merge().granted().stream().anyMatch(g -> grantsLoad(g.permission(), library.libraryName()));
            if (!granted) {
                String rejected = preview.merge().rejected().stream().filter(r -> grantsLoad(r.permission(), library.libraryName()))
                        .map(r -> " (asked for, not granted: " + r.reason() + ")").findFirst().orElse("");
                throw new ExtensionOperationException(Kind.DENIED, List.of("native code: " + library.describe() + " sha256 ["
                        + library.sha256() + "]: the policy of " + symbolicName + " does not grant [native " + library.libraryName()
                        + " load]" + rejected));
            }
        }
    }

    /** Whether a granted permission, written {@code type name actions}, is {@code native <library> load} or more actions. */
    static boolean grantsLoad(String permission, String library) {
        int first = permission.indexOf(' ');
        int last = permission.lastIndexOf(' ');
        if (first <= 0 || last <= first || !permission.substring(0, first).equals("native")) {
            return false;
        }
        return permission.substring(first + 1, last).equals(library) && List.of(permission.substring(last + 1).split(",")).contains("load");
    }

    /** Where the control module's installer puts the bundle. */
    static String locationOf(String symbolicName, String version, boolean beside) {
        return beside ? ExtensionInstaller.locationBeside(symbolicName, version) : ExtensionInstaller.locationOf(symbolicName);
    }

    /** The {@code drop-permission} conditions of a conditional enable, as the control module takes them. */
    static List<PermissionDrop> drops(List<Condition> conditions) {
        return conditions.stream().filter(c -> c.kind() == Condition.Kind.DROP_PERMISSION)
                .map(c -> new PermissionDrop(c.permissionType(), c.permissionName(), "condition " + c.describe())).toList();
    }

    private Path stage(Path jar, Uploader uploader) throws ExtensionOperationException {
        long max = ArchiveLimits.DEFAULTS.maxFileBytes();
        if (!Files.isRegularFile(jar)) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(uploader.fileName() + ": not a file: " + jar));
        }
        try (InputStream in = Files.newInputStream(jar)) {
            return store.stage(in, max).orElseThrow(() -> new ExtensionOperationException(Kind.INVALID,
                    List.of(uploader.fileName() + ": larger than " + max + " bytes")));
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.FAILED, uploader.fileName() + ": cannot be copied into the store: " + e, e);
        }
    }

    private static Qualification qualify(InstallQualifier qualifier, Path staged, Uploader uploader) throws ExtensionOperationException {
        try {
            return qualifier.qualify(staged, new Upload(uploader.fileName(), uploader.user(), Instant.now()));
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.FAILED, uploader.fileName() + ": cannot be read for qualification: " + e, e);
        }
    }

    /** Reads the descriptor from the staged jar, naming the upload (not the staged copy) in errors. */
    private static ExtensionDescriptor descriptor(Path staged, String fileName) throws ExtensionOperationException {
        String source = fileName + "!/" + ExtensionDescriptor.BUNDLE_ENTRY;
        try {
            byte[] content = entry(staged, ExtensionDescriptor.BUNDLE_ENTRY).orElseThrow(() -> new ExtensionOperationException(
                    Kind.INVALID, List.of(fileName + ": the extension has no " + ExtensionDescriptor.BUNDLE_ENTRY)));
            return new BladeletDescriptorReader().read(source, content);
        } catch (XmlDocumentException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(e.getMessage()));
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(source + ": " + e.getMessage()));
        }
    }

    private record ChosenPolicy(String source, Optional<byte[]> document) {
    }

    private static ChosenPolicy choosePolicy(Path staged, Optional<byte[]> uploaded, Optional<byte[]> kept, String fileName,
                                             String symbolicName) throws ExtensionOperationException {
        if (uploaded.isPresent()) {
            return new ChosenPolicy("uploaded policy of " + symbolicName, uploaded);
        }
        if (kept.isPresent()) {
            return new ChosenPolicy("current policy of " + symbolicName, kept);
        }
        try {
            return new ChosenPolicy(fileName + "!/" + EMBEDDED_POLICY, entry(staged, EMBEDDED_POLICY));
        } catch (IOException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(fileName + "!/" + EMBEDDED_POLICY + ": " + e.getMessage()));
        }
    }

    /** One entry of a jar, its declared size checked first so a crafted entry cannot inflate without bound. */
    static Optional<byte[]> entry(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.getSize() > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
                throw new IOException("is " + entry.getSize() + " bytes; at most " + XmlDocumentReader.MAX_DOCUMENT_BYTES + " are read");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(in.readNBytes(XmlDocumentReader.MAX_DOCUMENT_BYTES + 1));
            }
        }
    }

    private NarrowedPolicy narrow(String source, byte[] policy, List<Condition> conditions) throws ExtensionOperationException {
        try {
            return policies.narrow(source, policy, drops(conditions));
        } catch (XmlDocumentException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(e.getMessage()));
        }
    }

    MergePreview preview(Codebase codebase, String source, byte[] policy) throws ExtensionOperationException {
        try {
            return policies.preview(codebase, source, policy);
        } catch (XmlDocumentException e) {
            throw new ExtensionOperationException(Kind.INVALID, List.of(e.getMessage()));
        }
    }
}
