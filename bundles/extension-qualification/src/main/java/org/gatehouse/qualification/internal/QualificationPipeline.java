package org.gatehouse.qualification.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.gatehouse.qualification.ArchiveLimits;
import org.gatehouse.qualification.HashScope;
import org.gatehouse.qualification.Qualification;
import org.gatehouse.qualification.QualificationRule;
import org.gatehouse.qualification.QualificationRules;
import org.gatehouse.qualification.SignatureDatabase;
import org.gatehouse.qualification.SignatureEntry;
import org.gatehouse.qualification.Upload;
import org.gatehouse.qualification.Verdict;
import org.gatehouse.qualification.internal.archive.ArchiveInspector;
import org.gatehouse.qualification.internal.manifest.BundleManifest;
import org.gatehouse.qualification.internal.manifest.ManifestVetting;
import org.gatehouse.qualification.internal.signature.JarSignatureVerifier;
import org.gatehouse.qualification.internal.signature.PublisherTrust;

/**
 * The steps of install qualification in their order (docs/extensions.md "Install qualification"): archive safety, bundle manifest,
 * manifest vetting, hash lookup, signatures, rules. A step that denies ends the run; what the
 * earlier steps learnt (hash, name, version, groups, publisher) stays in the result.
 */
public final class QualificationPipeline {
    private final ArchiveInspector archive;
    private final ManifestVetting vetting;
    private final SignatureDatabase database;
    private final JarSignatureVerifier signatures;
    private final QualificationRules rules;

    public QualificationPipeline(ArchiveLimits limits, SignatureDatabase database, QualificationRules rules,
            Set<String> platformSymbolicNames, List<String> allowedImports, Predicate<String> nativeCodeAllowed,
            List<X509Certificate> trustedPublishers, boolean requireSignature, Clock clock) {
        this.archive = new ArchiveInspector(limits);
        this.vetting = new ManifestVetting(platformSymbolicNames, allowedImports, nativeCodeAllowed);
        this.database = database;
        this.signatures = new JarSignatureVerifier(new PublisherTrust(trustedPublishers, clock), requireSignature);
        this.rules = rules;
    }

    public Qualification qualify(Path jar, Upload upload) throws IOException {
        QualificationRun run = new QualificationRun();
        run.note("upload: [" + upload.fileName() + "] by [" + upload.uploader() + "] received at " + upload.receivedAt());
        try {
            List<String> entries = archive.inspect(jar);
            run.note("archive: " + entries.size() + " entries, within the limits");
            BundleManifest manifest = BundleManifest.read(jar);
            run.identify(manifest.symbolicName(), manifest.version());
            vetting.vet(manifest).forEach(run::note);
            run.note("manifest: passed vetting");
            lookUpHash(jar, run);
            signatures.verify(jar, entries).ifPresentOrElse(
                    publisher -> run.publisher(publisher, "signature: verified, publisher [" + publisher + "]"),
                    () -> run.note("signature: none"));
            return decide(run, upload);
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

    private Qualification decide(QualificationRun run, Upload upload) throws Denial {
        QualificationRule.Candidate candidate = run.candidate(upload);
        Optional<QualificationRule> match = rules.firstMatch(candidate);
        if (match.isEmpty()) {
            throw new Denial(noMatchReason(candidate, run));
        }
        QualificationRule rule = match.get();
        if (rule.answer() == Verdict.DENY) {
            throw new Denial("denied by qualification rule [" + rule.name() + "]");
        }
        run.note("rule: [" + rule.name() + "] answered " + rule.answer());
        rule.conditions().forEach(c -> run.note("condition: " + c.describe()));
        return run.admit(rule.answer(), rule.conditions());
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
