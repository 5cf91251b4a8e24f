package org.gatehouse.extension.qualification.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.gatehouse.extension.qualification.ArchiveLimits;
import org.gatehouse.extension.qualification.HashScope;
import org.gatehouse.extension.qualification.Qualification;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.extension.qualification.SignatureDatabase;
import org.gatehouse.extension.qualification.SignatureEntry;
import org.gatehouse.extension.qualification.Upload;
import org.gatehouse.extension.qualification.Verdict;
import org.gatehouse.extension.qualification.internal.archive.ArchiveContents;
import org.gatehouse.extension.qualification.internal.archive.ArchiveInspector;
import org.gatehouse.extension.qualification.internal.archive.ContainedFile;
import org.gatehouse.extension.qualification.internal.manifest.BundleManifest;
import org.gatehouse.extension.qualification.internal.manifest.ManifestVetting;
import org.gatehouse.extension.qualification.internal.signature.JarSignatureVerifier;
import org.gatehouse.extension.qualification.internal.signature.PublisherTrust;

/**
 * The steps of install qualification in their order (docs/extensions.md "Install qualification"): archive safety (which finds
 * nested archives and native libraries), bundle manifest, manifest vetting, the files Bundle-NativeCode names, hash lookup of
 * the bundle and of each nested file, signatures, rules, then native code and nested files against the deciding rule. A step that denies ends the run; what the
 * earlier steps learnt (hash, name, version, groups, publisher) stays in the result.
 */
public final class QualificationPipeline {
    private final ArchiveInspector archive;
    private final ManifestVetting vetting;
    private final SignatureDatabase database;
    private final JarSignatureVerifier signatures;
    private final QualificationRules rules;
    private final Predicate<String> nativeCodeAllowed;

    public QualificationPipeline(ArchiveLimits limits, SignatureDatabase database, QualificationRules rules,
            Set<String> platformSymbolicNames, List<String> allowedImports, Predicate<String> nativeCodeAllowed,
            List<X509Certificate> trustedPublishers, boolean requireSignature, Clock clock) {
        this.archive = new ArchiveInspector(limits);
        this.vetting = new ManifestVetting(platformSymbolicNames, allowedImports);
        this.nativeCodeAllowed = nativeCodeAllowed;
        this.database = database;
        this.signatures = new JarSignatureVerifier(new PublisherTrust(trustedPublishers, clock), requireSignature);
        this.rules = rules;
    }

    public Qualification qualify(Path jar, Upload upload) throws IOException {
        QualificationRun run = new QualificationRun();
        run.note("upload: [" + upload.fileName() + "] by [" + upload.uploader() + "] received at " + upload.receivedAt());
        try {
            ArchiveContents contents = archive.inspect(jar);
            run.note("archive: " + contents.names().size() + " entries, within the limits");
            BundleManifest manifest = BundleManifest.read(jar);
            run.identify(manifest.symbolicName(), manifest.version());
            vetting.vet(manifest).forEach(run::note);
            run.note("manifest: passed vetting");
            NativeCode nativeCode = NativeCode.of(manifest, contents);
            lookUpHash(jar, run);
            List<NestedFile> nested = lookUpNested(contents, nativeCode);
            signatures.verify(jar, contents.names()).ifPresentOrElse(
                    publisher -> run.publisher(publisher, "signature: verified, publisher [" + publisher + "]"),
                    () -> run.note("signature: none"));
            return decide(run, upload, nativeCode, nested);
        } catch (Denial denial) {
            return run.deny(denial.reasons());
        } catch (RuntimeException e) {
            // a JDK or library parser choking on hostile content: the gate fails closed
            return run.deny(List.of("unreadable bundle: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void lookUpHash(Path jar, QualificationRun run) throws IOException {
        String sha256 = sha256(jar);
        Optional<SignatureEntry> entry = database.lookup(sha256);
        run.hashed(sha256, entry.map(SignatureEntry::referenceGroups).orElse(List.of()), entry.isPresent());
        run.note(entry.isPresent()
                ? "signature database: sha256 [" + sha256 + "] listed in groups " + entry.get().referenceGroups()
                : "signature database: sha256 [" + sha256 + "] is not listed");
    }

    /** Each nested archive and native library (those only Bundle-NativeCode names too) with its database entry, when it has one. */
    private List<NestedFile> lookUpNested(ArchiveContents contents, NativeCode nativeCode) {
        List<ContainedFile> files = new ArrayList<>(contents.contained());
        nativeCode.libraries().stream().filter(l -> contents.nativeLibrary(l.entryName()).isEmpty())
                .forEach(l -> files.add(new ContainedFile(l.entryName(), ContainedFile.Kind.NATIVE_LIBRARY, l.format(), l.sha256())));
        return files.stream().map(f -> new NestedFile(f, database.lookup(f.sha256()))).toList();
    }

    private Qualification decide(QualificationRun run, Upload upload, NativeCode nativeCode, List<NestedFile> nested) throws Denial {
        QualificationRule.Candidate candidate = run.candidate(upload);
        Optional<QualificationRule> match = rules.firstMatch(candidate);
        if (match.isEmpty()) {
            throw new Denial(noMatchReason(candidate, run));
        }
        QualificationRule rule = match.get();
        if (rule.answer() == Verdict.DENY) {
            throw new Denial("denied by qualification rule [" + rule.name() + "]");
        }
        checkNativeCode(run, rule, nativeCode);
        checkNested(run, rule, nested);
        run.note("rule: [" + rule.name() + "] answered " + rule.answer());
        rule.conditions().forEach(c -> run.note("condition: " + c.describe()));
        return run.admit(rule.answer(), rule.conditions(), nativeCode.libraries());
    }

    /** Native code comes in only when the builder's option or the deciding rule allows it for this bundle. */
    private void checkNativeCode(QualificationRun run, QualificationRule rule, NativeCode nativeCode) throws Denial {
        if (!nativeCode.present()) {
            return;
        }
        String first = nativeCode.libraries().isEmpty() ? "[Bundle-NativeCode]" : nativeCode.libraries().get(0).describe();
        if (nativeCodeAllowed.test(run.symbolicName())) {
            run.note("native code: " + nativeCode.describe() + " allowed for [" + run.symbolicName() + "] by configuration");
        } else if (rule.nativeCodeAllowed()) {
            run.note("native code: " + nativeCode.describe() + " allowed for [" + run.symbolicName() + "] by qualification rule ["
                    + rule.name() + "]");
        } else {
            throw new Denial("native code: " + first + " in [" + run.symbolicName() + "]: native code is not allowed for this bundle "
                    + "(qualification rule [" + rule.name() + "] does not say native-code=\"allowed\")");
        }
    }

    /**
     * Under a rule for listed hashes every nested archive and native library must be listed too; a
     * rule's reference groups must hold for each of them as for the bundle. Otherwise they are
     * recorded in the findings.
     */
    private static void checkNested(QualificationRun run, QualificationRule rule, List<NestedFile> nested) throws Denial {
        for (NestedFile file : nested) {
            ContainedFile f = file.file();
            String named = f.kind().description() + " [" + f.path() + "] sha256 [" + f.sha256() + "]";
            if (file.entry().isEmpty() && rule.hashScope() == HashScope.LISTED) {
                throw new Denial("nested file not in signature database: " + named + " is not listed (qualification rule ["
                        + rule.name() + "] admits listed hashes only)");
            }
            List<String> groups = file.entry().map(SignatureEntry::referenceGroups).orElse(List.of());
            if (!rule.groupsMatch(groups)) {
                throw new Denial("nested file not in the rule's reference groups: " + named
                        + (file.entry().isPresent() ? " is listed in groups " + groups : " is not listed")
                        + ", qualification rule [" + rule.name() + "] asks for one of " + rule.referenceGroups());
            }
            run.note("nested file: " + named + (file.entry().isPresent() ? " listed in groups " + groups : " is not listed"));
        }
    }

    private record NestedFile(ContainedFile file, Optional<SignatureEntry> entry) {
    }

    private String noMatchReason(QualificationRule.Candidate candidate, QualificationRun run) {
        if (candidate.listed()) {
            return "no qualification rule matched";
        }
        boolean someAdmitUnlisted = rules.rules().stream().anyMatch(r -> r.hashScope() != HashScope.LISTED);
        return someAdmitUnlisted
                ? "no qualification rule matched (sha256 [" + run.sha256() + "] is not in the signature database)"
                : "hash not in signature database: sha256 [" + run.sha256() + "] is not listed and no rule admits unlisted hashes";
    }

    private static String sha256(Path jar) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
