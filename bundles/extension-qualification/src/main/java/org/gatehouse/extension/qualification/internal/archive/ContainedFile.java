package org.gatehouse.extension.qualification.internal.archive;

import java.util.Objects;

/**
 * A file inside an uploaded bundle that qualification looks at on its own (docs/extensions.md "Install qualification"): a nested
 * jar or zip, or a native library.
 *
 * @param path the entry name; inside a nested archive {@code outer.jar!/inner}
 * @param kind nested archive or native library
 * @param format how it was recognised, e.g. {@code ELF}, {@code zip}, {@code named .so}
 * @param sha256 lower-case hex SHA-256 of its inflated content
 */
public record ContainedFile(String path, Kind kind, String format, String sha256) {
    public ContainedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** What a contained file is. */
    public enum Kind {
        NESTED_ARCHIVE("nested archive"),
        NATIVE_LIBRARY("native library");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** How reasons name it. */
        public String description() {
            return description;
        }
    }
}
