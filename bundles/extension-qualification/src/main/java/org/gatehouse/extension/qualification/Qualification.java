package org.gatehouse.extension.qualification;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of qualifying one uploaded bundle.
 *
 * @param verdict enable, conditional enable or deny
 * @param sha256 lower-case hex SHA-256 of the whole file; empty when the file was refused before hashing
 * @param symbolicName Bundle-SymbolicName without directives; empty when the manifest was not read
 * @param version Bundle-Version; empty when the manifest was not read
 * @param referenceGroups the groups of the file's signature database entry; empty when it has none
 * @param publisher subject DN of the verified signer certificate, when the jar is signed and verified
 * @param conditions what a conditional enable requires; empty for the other verdicts
 * @param reasons every finding, human-readable; for a deny the first one names what was wrong
 * @param nativeLibraries the native libraries the bundle holds or names in {@code Bundle-NativeCode};
 *        the installer must find {@code native <libraryName> load} granted for each
 */
public record Qualification(Verdict verdict, String sha256, String symbolicName, String version,
        List<String> referenceGroups, Optional<String> publisher,
        List<Condition> conditions, List<String> reasons, List<NativeLibrary> nativeLibraries) {
    public Qualification {
        nativeLibraries = List.copyOf(nativeLibraries);
        Objects.requireNonNull(verdict, "verdict");
        sha256 = sha256 == null ? "" : sha256;
        symbolicName = symbolicName == null ? "" : symbolicName;
        version = version == null ? "" : version;
        referenceGroups = List.copyOf(referenceGroups);
        Objects.requireNonNull(publisher, "publisher");
        conditions = List.copyOf(conditions);
        reasons = List.copyOf(reasons);
        if (verdict != Verdict.CONDITIONAL_ENABLE && !conditions.isEmpty()) {
            throw new IllegalArgumentException("only a conditional enable carries conditions, verdict [" + verdict + "]");
        }
    }

    /** A qualification of a bundle without native libraries. */
    public Qualification(Verdict verdict, String sha256, String symbolicName, String version,
            List<String> referenceGroups, Optional<String> publisher, List<Condition> conditions, List<String> reasons) {
        this(verdict, sha256, symbolicName, version, referenceGroups, publisher, conditions, reasons, List.of());
    }

    /** True unless the verdict is {@link Verdict#DENY}. */
    public boolean admitted() {
        return verdict != Verdict.DENY;
    }
}
