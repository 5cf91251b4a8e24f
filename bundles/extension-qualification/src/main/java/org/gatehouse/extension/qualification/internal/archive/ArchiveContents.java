package org.gatehouse.extension.qualification.internal.archive;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the archive step learnt while inflating every entry once.
 *
 * @param names the top-level entry names in archive order
 * @param sha256ByName lower-case hex SHA-256 of every top-level entry's content, by name
 * @param contained the nested archives and native libraries found, in archive order (nested ones
 *        inside their archive, after it)
 */
public record ArchiveContents(List<String> names, Map<String, String> sha256ByName, List<ContainedFile> contained) {
    public ArchiveContents {
        names = List.copyOf(names);
        sha256ByName = Map.copyOf(sha256ByName);
        contained = List.copyOf(contained);
    }

    /** The native library at top-level entry {@code name}, when the archive step recognised one there. */
    public Optional<ContainedFile> nativeLibrary(String name) {
        return contained.stream().filter(f -> f.kind() == ContainedFile.Kind.NATIVE_LIBRARY && f.path().equals(name)).findFirst();
    }
}
