package org.gatehouse.extension.qualification;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One rule of the {@link QualificationRules}. Each kind of criterion that is present must match
 * (reference groups, publishers, uploaders, time windows); within a kind any one value is enough.
 * A rule with no criteria matches every file its {@link HashScope} admits.
 *
 * @param name unique within the document, quoted in reasons
 * @param answer what the rule answers when it matches
 * @param hashScope which files it may match by their presence in the signature database
 * @param referenceGroups the file's database entry must be in one of these groups
 * @param publisherPatterns the verified signer's subject DN (RFC 2253 form) must match one of
 *        these; {@code *} stands for any run of characters
 * @param uploaders the uploader must be one of these
 * @param timeWindows the upload must have arrived inside one of these
 * @param conditions for a conditional enable, what the installer must do; else empty
 * @param nativeCodeAllowed whether a bundle this rule admits may hold native libraries or declare
 *        {@code Bundle-NativeCode}; when false such a bundle is denied though the rule matched
 */
public record QualificationRule(String name, Verdict answer, HashScope hashScope, List<String> referenceGroups,
        List<String> publisherPatterns, List<String> uploaders, List<TimeWindow> timeWindows,
        List<Condition> conditions, boolean nativeCodeAllowed) {
    public QualificationRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(hashScope, "hashScope");
        referenceGroups = List.copyOf(referenceGroups);
        publisherPatterns = List.copyOf(publisherPatterns);
        uploaders = List.copyOf(uploaders);
        timeWindows = List.copyOf(timeWindows);
        conditions = List.copyOf(conditions);
        if (answer == Verdict.CONDITIONAL_ENABLE && conditions.isEmpty()) {
            throw new IllegalArgumentException("rule [" + name + "] answers conditional-enable but names no condition");
        }
        if (answer != Verdict.CONDITIONAL_ENABLE && !conditions.isEmpty()) {
            throw new IllegalArgumentException("rule [" + name + "] answers " + answer + " but names conditions; "
                    + "only conditional-enable carries them");
        }
    }

    /** A rule that does not allow native code. */
    public QualificationRule(String name, Verdict answer, HashScope hashScope, List<String> referenceGroups,
            List<String> publisherPatterns, List<String> uploaders, List<TimeWindow> timeWindows, List<Condition> conditions) {
        this(name, answer, hashScope, referenceGroups, publisherPatterns, uploaders, timeWindows, conditions, false);
    }

    /** True when {@code groups} satisfy this rule's reference-group criterion (always, when it names no group). */
    public boolean groupsMatch(List<String> groups) {
        return referenceGroups.isEmpty() || referenceGroups.stream().anyMatch(groups::contains);
    }

    /** True when every criterion present in this rule holds for the file and its upload. */
    public boolean matches(Candidate candidate) {
        return hashScope.admits(candidate.listed())
                && groupsMatch(candidate.referenceGroups())
                && (publisherPatterns.isEmpty() || candidate.publisher().filter(this::publisherMatches).isPresent())
                && (uploaders.isEmpty() || uploaders.contains(candidate.upload().uploader()))
                && (timeWindows.isEmpty() || timeWindows.stream().anyMatch(w -> w.contains(candidate.upload().receivedAt())));
    }

    private boolean publisherMatches(String subjectDn) {
        return publisherPatterns.stream().anyMatch(p -> globToRegex(p).matcher(subjectDn).matches());
    }

    private static Pattern globToRegex(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.DOTALL);
    }

    /**
     * What rules see of one qualified file.
     *
     * @param listed whether its SHA-256 is in the signature database
     * @param referenceGroups the groups of its database entry
     * @param publisher the verified signer's subject DN, if signed
     * @param upload who uploaded it and when
     */
    public record Candidate(boolean listed, List<String> referenceGroups, Optional<String> publisher, Upload upload) {
        public Candidate {
            referenceGroups = List.copyOf(referenceGroups);
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(upload, "upload");
        }
    }
}
