package org.gatehouse.policy.engine.model;

import org.gatehouse.policy.engine.api.Codebase;
import java.util.Objects;
import java.util.Optional;

/**
 * Which codebases an overridable element applies to: a symbolic-name glob ({@code com.acme.*}),
 * an optional version range, location glob and signer glob (a distinguished name pattern). Every
 * part given must match; a signer pattern matches when any of the codebase's signers does.
 */
public record CodebasePattern(Glob symbolicName, VersionRange versions, Optional<Glob> location, Optional<Glob> signer) {

    public CodebasePattern {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(signer, "signer");
    }

    /** A pattern matching every codebase. */
    public static CodebasePattern any() {
        return new CodebasePattern(Glob.of("*"), VersionRange.ANY, Optional.empty(), Optional.empty());
    }

    /** A pattern on symbolic name only, e.g. {@code com.acme.*}. */
    public static CodebasePattern symbolicName(String glob) {
        return new CodebasePattern(Glob.of(glob), VersionRange.ANY, Optional.empty(), Optional.empty());
    }

    public boolean matches(Codebase codebase) {
        return symbolicName.matches(codebase.symbolicName())
                && versions.includes(codebase.version())
                && location.map(g -> g.matches(codebase.location())).orElse(true)
                && signer.map(g -> codebase.signers().stream().anyMatch(g::matches)).orElse(true);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("symbolic-name [").append(symbolicName).append(']');
        if (!versions.equals(VersionRange.ANY)) {
            sb.append(" version [").append(versions).append(']');
        }
        location.ifPresent(g -> sb.append(" location [").append(g).append(']'));
        signer.ifPresent(g -> sb.append(" signer [").append(g).append(']'));
        return sb.toString();
    }
}
