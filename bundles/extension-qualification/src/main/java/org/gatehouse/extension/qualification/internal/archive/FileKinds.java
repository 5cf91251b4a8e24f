package org.gatehouse.extension.qualification.internal.archive;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises native libraries and zip archives by their first bytes and by their names
 * (docs/extensions.md "Install qualification"): content first, so a library renamed {@code icon.png} is still a library.
 */
public final class FileKinds {
    /** Bytes of an entry's start the content checks need. */
    static final int HEAD_BYTES = 8;

    private static final Pattern NATIVE_NAME = Pattern.compile(".*(\\.so(\\.[0-9]+)*|\\.dylib|\\.jnilib|\\.dll)", Pattern.DOTALL);
    private static final Pattern ARCHIVE_NAME = Pattern.compile(".*\\.(jar|zip)", Pattern.DOTALL);
    private static final int CLASS_FILE_MIN_MAJOR = 45;

    private FileKinds() {
    }

    /** The native format {@code head} starts with: {@code ELF}, {@code Mach-O} or {@code PE}. */
    static Optional<String> nativeContent(byte[] head) {
        if (startsWith(head, 0x7f, 'E', 'L', 'F')) {
            return Optional.of("ELF");
        }
        if (startsWith(head, 0xfe, 0xed, 0xfa, 0xce) || startsWith(head, 0xfe, 0xed, 0xfa, 0xcf)
                || startsWith(head, 0xce, 0xfa, 0xed, 0xfe) || startsWith(head, 0xcf, 0xfa, 0xed, 0xfe)) {
            return Optional.of("Mach-O");
        }
        if (startsWith(head, 0xca, 0xfe, 0xba, 0xbe) || startsWith(head, 0xca, 0xfe, 0xba, 0xbf)) {
            // a universal Mach-O counts its architectures where a class file has its version
            // (minor, major >= 45): a small count is a library, anything else a class file
            if (head.length < HEAD_BYTES) {
                return Optional.of("Mach-O");
            }
            long second = ((head[4] & 0xffL) << 24) | ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            return second < CLASS_FILE_MIN_MAJOR ? Optional.of("Mach-O") : Optional.empty();
        }
        if (startsWith(head, 'M', 'Z')) {
            return Optional.of("PE");
        }
        return Optional.empty();
    }

    /** True when {@code head} starts with a zip local entry header. */
    static boolean zipContent(byte[] head) {
        return startsWith(head, 'P', 'K', 3, 4);
    }

    /** The suffix that names {@code name} a native library ({@code named .so}), compared case-insensitively. */
    static Optional<String> nativeName(String name) {
        String lower = baseName(name).toLowerCase(Locale.ROOT);
        if (!NATIVE_NAME.matcher(lower).matches()) {
            return Optional.empty();
        }
        var matcher = NATIVE_NAME.matcher(lower);
        String suffix = matcher.matches() ? matcher.group(1) : "";
        return Optional.of("named " + suffix);
    }

    /** True when {@code name} ends {@code .jar} or {@code .zip}, case-insensitively. */
    static boolean archiveName(String name) {
        return ARCHIVE_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * The name {@code System.loadLibrary} would take for the library at {@code path}: {@code lib/libfoo.so} and
     * {@code libfoo.so.1}, {@code libfoo.dylib}, {@code libfoo.jnilib} give {@code foo}, {@code foo.dll} gives {@code foo};
     * a file without such a suffix keeps its base name.
     */
    public static String libraryName(String path) {
        String base = baseName(path);
        String lower = base.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".dll")) {
            return base.substring(0, base.length() - ".dll".length());
        }
        var matcher = NATIVE_NAME.matcher(lower);
        int cut = matcher.matches() ? matcher.start(1) : -1;
        if (cut <= 0) {
            return base;
        }
        String stem = base.substring(0, cut);
        return stem.length() > "lib".length() && stem.toLowerCase(Locale.ROOT).startsWith("lib") ? stem.substring("lib".length()) : stem;
    }

    private static String baseName(String path) {
        String inner = path.substring(path.lastIndexOf("!/") + 1);
        return inner.substring(inner.lastIndexOf('/') + 1);
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
