package org.gatehouse.extension.qualification.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Library names as {@code System.loadLibrary} takes them, and which names mark a native library. */
class FileKindsTest {
    @ParameterizedTest
    @CsvSource({
        "lib/linux-x86_64/libfast.so, fast",
        "libfast.so.1.2, fast",
        "lib/libfast.dylib, fast",
        "lib/libfast.jnilib, fast",
        "win/fast.dll, fast",
        "win/libfast.dll, libfast",
        "LIB/LIBFAST.SO, FAST",
        "lib.so, lib",
        "icon.png, icon.png",
        "lib/helper.jar!/native/libinner.so, inner",
    })
    void libraryName(String path, String expected) {
        assertEquals(expected, FileKinds.libraryName(path));
    }

    @ParameterizedTest
    @CsvSource({
        "libfast.so, named .so",
        "libfast.so.1, named .so.1",
        "FAST.DLL, named .dll",
        "x.dylib, named .dylib",
        "x.jnilib, named .jnilib",
        "notes.so.txt, ",
        "archive.sox, ",
        "so, ",
    })
    void nativeName(String path, String expected) {
        assertEquals(Optional.ofNullable(expected), FileKinds.nativeName(path));
    }
}
