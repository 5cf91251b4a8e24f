package org.gatehouse.extension.qualification.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.qualification.Condition;
import org.gatehouse.extension.qualification.NativeLibrary;
import org.gatehouse.extension.qualification.Qualification;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.Upload;
import org.gatehouse.extension.qualification.Verdict;

/** What one qualification has learnt so far; confined to the thread that runs it. */
final class QualificationRun {
    private final List<String> findings = new ArrayList<>();
    private String sha256 = "";
    private String symbolicName = "";
    private String version = "";
    private List<String> referenceGroups = List.of();
    private boolean listed;
    private Optional<String> publisher = Optional.empty();

    void note(String finding) {
        findings.add(finding);
    }

    void identify(String name, String bundleVersion) {
        this.symbolicName = name;
        this.version = bundleVersion;
    }

    void hashed(String hash, List<String> groups, boolean inDatabase) {
        this.sha256 = hash;
        this.referenceGroups = List.copyOf(groups);
        this.listed = inDatabase;
    }

    void publisher(String subject, String finding) {
        this.publisher = Optional.of(subject);
        note(finding);
    }

    String sha256() {
        return sha256;
    }

    QualificationRule.Candidate candidate(Upload upload) {
        return new QualificationRule.Candidate(listed, referenceGroups, publisher, upload);
    }

    /** A deny: the decisive reasons first, then what the earlier steps found. */
    Qualification deny(List<String> reasons) {
        List<String> all = new ArrayList<>(reasons);
        all.addAll(findings);
        return new Qualification(Verdict.DENY, sha256, symbolicName, version, referenceGroups, publisher, List.of(), all);
    }

    String symbolicName() {
        return symbolicName;
    }

    Qualification admit(Verdict verdict, List<Condition> conditions, List<NativeLibrary> nativeLibraries) {
        return new Qualification(verdict, sha256, symbolicName, version, referenceGroups, publisher, conditions, findings, nativeLibraries);
    }
}
