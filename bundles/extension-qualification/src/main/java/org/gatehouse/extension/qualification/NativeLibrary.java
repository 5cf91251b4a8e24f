package org.gatehouse.extension.qualification;

import java.util.Objects;

/**
 * A native library inside a qualified bundle (docs/extensions.md "Install qualification"): the extension's policy must grant
 * {@code native <libraryName> load} for it before the bundle is installed.
 *
 * @param entryName where it is in the bundle, e.g. {@code lib/linux-x86_64/libfast.so}; inside a
 *        nested archive {@code lib/inner.jar!/libfast.so}
 * @param libraryName the name {@code System.loadLibrary} takes for it: {@code libfast.so} gives
 *        {@code fast}, {@code fast.dll} gives {@code fast}; a file without a library suffix keeps
 *        its base name
 * @param format how it was recognised: {@code ELF}, {@code Mach-O}, {@code PE}, its name
 *        ({@code named .so}) or {@code Bundle-NativeCode} naming it
 * @param sha256 lower-case hex SHA-256 of its content
 */
public record NativeLibrary(String entryName, String libraryName, String format, String sha256) {
    public NativeLibrary {
        Objects.requireNonNull(entryName, "entryName");
        Objects.requireNonNull(libraryName, "libraryName");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** How reasons name it: {@code [lib/libfast.so] (ELF)}. */
    public String describe() {
        return "[" + entryName + "] (" + format + ")";
    }
}
