package org.gatehouse.extension.qualification.internal;

import java.util.ArrayList;
import java.util.List;
import org.gatehouse.extension.qualification.NativeLibrary;
import org.gatehouse.extension.qualification.internal.archive.ArchiveContents;
import org.gatehouse.extension.qualification.internal.archive.ContainedFile;
import org.gatehouse.extension.qualification.internal.archive.FileKinds;
import org.gatehouse.extension.qualification.internal.manifest.BundleManifest;
import org.gatehouse.extension.qualification.internal.manifest.ManifestVetting;

/**
 * The native code of a bundle (docs/extensions.md "Install qualification"): every native library the archive step recognised, by
 * content or by name, and every file {@code Bundle-NativeCode} names, which must be in the bundle.
 *
 * @param declared whether the manifest has a {@code Bundle-NativeCode} header
 * @param libraries the libraries, those the header names first, in its order
 */
record NativeCode(boolean declared, List<NativeLibrary> libraries) {
    NativeCode {
        libraries = List.copyOf(libraries);
    }

    /** True when there is anything native at all. */
    boolean present() {
        return declared || !libraries.isEmpty();
    }

    String describe() {
        return libraries.isEmpty() ? "Bundle-NativeCode naming no file"
                : libraries.stream().map(NativeLibrary::describe).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    static NativeCode of(BundleManifest manifest, ArchiveContents contents) throws Denial {
        List<NativeLibrary> libraries = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String path : ManifestVetting.nativeCodePaths(manifest)) {
            String sha256 = contents.sha256ByName().get(path);
            if (sha256 == null || path.endsWith("/")) {
                throw new Denial("native code: Bundle-NativeCode names [" + path + "], which is not a file in the bundle");
            }
            String format = contents.nativeLibrary(path).map(ContainedFile::format).orElse("Bundle-NativeCode");
            libraries.add(new NativeLibrary(path, FileKinds.libraryName(path), format, sha256));
            seen.add(path);
        }
        for (ContainedFile file : contents.contained()) {
            if (file.kind() == ContainedFile.Kind.NATIVE_LIBRARY && !seen.contains(file.path())) {
                libraries.add(new NativeLibrary(file.path(), FileKinds.libraryName(file.path()), file.format(), file.sha256()));
            }
        }
        return new NativeCode(ManifestVetting.declaresNativeCode(manifest), libraries);
    }
}
