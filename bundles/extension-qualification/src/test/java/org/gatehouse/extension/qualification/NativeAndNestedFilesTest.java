package org.gatehouse.extension.qualification;

import static org.gatehouse.extension.qualification.ArchiveSafetyTest.UPLOAD;
import static org.gatehouse.extension.qualification.ArchiveSafetyTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native libraries and nested archives inside an uploaded bundle (docs/extensions.md "Install qualification"): found by content
 * and by name in the one pass over the archive, hashed, looked up in the signature database under
 * the deciding rule's hash scope and reference groups, and native code admitted only by a rule
 * that allows it.
 */
class NativeAndNestedFilesTest {
    static final byte[] ELF = withPadding(0x7f, 'E', 'L', 'F', 2, 1, 1, 0);
    private static final byte[] MACH_O = withPadding(0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1);
    private static final byte[] MACH_O_UNIVERSAL = withPadding(0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2);
    private static final byte[] CLASS_FILE = withPadding(0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61);
    private static final byte[] PE = withPadding('M', 'Z', 0x90, 0, 3, 0, 0, 0);

    private static final String RULES = """
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <rule name="native-vendor" answer="enable" native-code="allowed">
                <match><reference-group>native-vendor</reference-group></match>
              </rule>
              <rule name="approved" answer="enable">
                <match><reference-group>approved</reference-group></match>
              </rule>
              <rule name="lab" answer="enable" hash-scope="any">
                <match><uploader>lab</uploader></match>
              </rule>
              <rule name="lab-native" answer="enable" hash-scope="unlisted" native-code="allowed">
                <match><uploader>lab-native</uploader></match>
              </rule>
            </qualification-rules>
            """;

    @TempDir
    Path dir;

    private SignatureDatabase database;
    private InstallQualifier qualifier;
    private int written;

    @BeforeEach
    void setUp() throws Exception {
        database = SignatureDatabase.inMemory();
        qualifier = InstallQualifier.builder().signatureDatabase(database)
                .rules(QualificationRules.parse("rules.xml", RULES.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static byte[] withPadding(int... head) {
        byte[] bytes = new byte[64];
        for (int i = 0; i < head.length; i++) {
            bytes[i] = (byte) head[i];
        }
        return bytes;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** A plain jar (no manifest) holding {@code entries}, as bytes to nest. */
    static byte[] jar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] helperJar() throws IOException {
        return jar(Map.of("com/example/helper/Helper.class", CLASS_FILE));
    }

    private Path write(TestBundles bundle) throws IOException {
        return bundle.write(dir.resolve("bundle-" + (++written) + ".jar"));
    }

    private void list(Path file, String... groups) throws Exception {
        list(Files.readAllBytes(file), groups);
    }

    private void list(byte[] content, String... groups) throws Exception {
        database.put(new SignatureEntry(sha256(content), List.of(groups), "", "admin", Instant.parse("2026-01-01T00:00:00Z")));
    }

    private Qualification qualify(Path jar) throws Exception {
        return qualify(jar, UPLOAD.uploader());
    }

    private Qualification qualify(Path jar, String uploader) throws Exception {
        return qualifier.qualify(jar, new Upload(jar.getFileName().toString(), uploader, UPLOAD.receivedAt()));
    }

    private static TestBundles ext() {
        return TestBundles.bundle("com.example.ext");
    }

    private static String nativeDenied(String file, String rule) {
        return "native code: " + file + " in [com.example.ext]: native code is not allowed for this bundle (qualification rule ["
                + rule + "] does not say native-code=\"allowed\")";
    }

    @Test
    void anElfLibraryIsAdmittedOnlyByARuleThatAllowsNativeCode() throws Exception {
        Path jar = write(ext().entry("lib/linux-x86_64/libfast.so", ELF));
        list(jar, "approved");
        list(ELF, "approved", "native-vendor");
        assertDenied(qualify(jar), nativeDenied("[lib/linux-x86_64/libfast.so] (ELF)", "approved"));

        list(jar, "native-vendor");
        Qualification q = qualify(jar);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(List.of(new NativeLibrary("lib/linux-x86_64/libfast.so", "fast", "ELF", sha256(ELF))), q.nativeLibraries());
        assertTrue(q.reasons().contains("native code: [lib/linux-x86_64/libfast.so] (ELF) allowed for [com.example.ext] by qualification "
                + "rule [native-vendor]"), q.reasons()::toString);
    }

    @Test
    void aLibraryRenamedToLookLikeAnythingElseIsStillALibrary() throws Exception {
        Map<String, String> disguised = new LinkedHashMap<>();
        disguised.put("icon.png", "ELF");
        disguised.put("images/logo.gif", "Mach-O");
        disguised.put("fat/universal.dat", "Mach-O");
        disguised.put("readme.txt", "PE");
        Map<String, byte[]> contents = Map.of("icon.png", ELF, "images/logo.gif", MACH_O, "fat/universal.dat", MACH_O_UNIVERSAL,
                "readme.txt", PE);
        for (Map.Entry<String, String> e : disguised.entrySet()) {
            Path jar = write(ext().entry(e.getKey(), contents.get(e.getKey())));
            list(jar, "approved");
            list(contents.get(e.getKey()), "approved", "native-vendor");
            assertDenied(qualify(jar), nativeDenied("[" + e.getKey() + "] (" + e.getValue() + ")", "approved"));
            list(jar, "native-vendor");
            Qualification q = qualify(jar);
            assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
            assertEquals(e.getKey(), q.nativeLibraries().get(0).entryName());
        }
    }

    @Test
    void aLibraryNameIsEnoughWhateverTheContentAndTheCase() throws Exception {
        for (String name : List.of("LIB/LIBFAST.SO", "lib/libfast.so.1.2", "lib/fast.DLL", "lib/libfast.dylib", "lib/libfast.jnilib")) {
            Path jar = write(ext().entry(name, "not machine code"));
            list(jar, "approved");
            list("not machine code".getBytes(StandardCharsets.UTF_8), "approved");
            Qualification q = qualify(jar);
            assertEquals(Verdict.DENY, q.verdict(), name);
            assertTrue(q.reasons().get(0).startsWith("native code: [" + name + "] (named ."), q.reasons().get(0));
        }
    }

    @Test
    void aClassFileIsNotAUniversalMachOLibrary() throws Exception {
        Path jar = write(ext().entry("com/example/ext/Real.class", CLASS_FILE));
        list(jar, "approved");
        Qualification q = qualify(jar);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(List.of(), q.nativeLibraries());
    }

    @Test
    void bundleNativeCodeNamingAnAbsentFileIsDenied() throws Exception {
        Path jar = write(ext().header("Bundle-NativeCode", "lib/libgone.so;osname=Linux").entry("lib/other.txt", "text"));
        list(jar, "native-vendor");
        assertDenied(qualify(jar), "native code: Bundle-NativeCode names [lib/libgone.so], which is not a file in the bundle");

        Path folder = write(ext().header("Bundle-NativeCode", "lib/;osname=Linux").entry("lib/", new byte[0]));
        list(folder, "native-vendor");
        assertDenied(qualify(folder), "native code: Bundle-NativeCode names [lib/], which is not a file in the bundle");
    }

    @Test
    void aFileBundleNativeCodeNamesIsNativeWhateverItsNameAndTheHeaderSpelling() throws Exception {
        byte[] blob = "opaque".getBytes(StandardCharsets.UTF_8);
        Path jar = write(ext().header("bundle-nativecode", "/lib/fast.bin;osname=Linux, *").entry("lib/fast.bin", blob));
        list(jar, "approved");
        list(blob, "approved", "native-vendor");
        assertDenied(qualify(jar), nativeDenied("[lib/fast.bin] (Bundle-NativeCode)", "approved"));

        list(jar, "native-vendor");
        Qualification q = qualify(jar);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(List.of(new NativeLibrary("lib/fast.bin", "fast.bin", "Bundle-NativeCode", sha256(blob))), q.nativeLibraries());
    }

    @Test
    void aHeaderNamingOnlyTheOptionalClauseIsStillNativeCode() throws Exception {
        Path jar = write(ext().header("Bundle-NativeCode", "*"));
        list(jar, "approved");
        assertDenied(qualify(jar), nativeDenied("[Bundle-NativeCode]", "approved"));
        list(jar, "native-vendor");
        assertEquals(Verdict.ENABLE, qualify(jar).verdict());
    }

    @Test
    void aNestedJarMustBeListedInTheRulesGroupWhenTheRuleMatchesListedHashes() throws Exception {
        byte[] helper = helperJar();
        String helperSha = sha256(helper);
        Path jar = write(ext().header("Bundle-ClassPath", ".,lib/helper.jar").entry("lib/helper.jar", helper));
        list(jar, "approved");
        assertDenied(qualify(jar), "nested file not in signature database: nested archive [lib/helper.jar] sha256 [" + helperSha
                + "] is not listed (qualification rule [approved] admits listed hashes only)");

        list(helper, "somebody-else");
        assertDenied(qualify(jar), "nested file not in the rule's reference groups: nested archive [lib/helper.jar] sha256 [" + helperSha
                + "] is listed in groups [somebody-else], qualification rule [approved] asks for one of [approved]");

        list(helper, "somebody-else", "approved");
        Qualification q = qualify(jar);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertTrue(q.reasons().contains("nested file: nested archive [lib/helper.jar] sha256 [" + helperSha
                + "] listed in groups [somebody-else, approved]"), q.reasons()::toString);
    }

    @Test
    void underARuleForAnyHashNestedFilesAreRecorded() throws Exception {
        byte[] helper = helperJar();
        Path jar = write(ext().entry("lib/helper.jar", helper));
        Qualification q = qualify(jar, "lab");
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertTrue(q.reasons().contains("nested file: nested archive [lib/helper.jar] sha256 [" + sha256(helper) + "] is not listed"),
                q.reasons()::toString);
        assertDenied(qualify(jar, "mallory"), "no qualification rule matched (sha256 [" + sha256(Files.readAllBytes(jar))
                + "] is not in the signature database)");
    }

    @Test
    void anArchiveIsRecognisedByItsContentWhateverItsName() throws Exception {
        byte[] helper = helperJar();
        Path jar = write(ext().entry("assets/data.bin", helper));
        list(jar, "approved");
        assertDenied(qualify(jar), "nested file not in signature database: nested archive [assets/data.bin] sha256 [" + sha256(helper)
                + "] is not listed (qualification rule [approved] admits listed hashes only)");
        list(helper, "approved");
        assertEquals(Verdict.ENABLE, qualify(jar).verdict());
    }

    @Test
    void anArchiveWithDataBeforeItsFirstEntryIsRefused() throws Exception {
        byte[] helper = helperJar();
        byte[] prefixed = new byte[helper.length + 4];
        System.arraycopy("junk".getBytes(StandardCharsets.US_ASCII), 0, prefixed, 0, 4);
        System.arraycopy(helper, 0, prefixed, 4, helper.length);
        Path jar = write(ext().entry("lib/sfx.bin", prefixed));
        list(jar, "approved");
        list(prefixed, "approved");
        assertDenied(qualify(jar), "disguised archive: [lib/sfx.bin] ends with a zip directory but does not start with a zip entry header");
    }

    @Test
    void aNativeLibraryInsideANestedJarIsNativeCode() throws Exception {
        byte[] helper = jar(Map.of("native/libinner.so", ELF));
        Path jar = write(ext().entry("lib/helper.jar", helper));
        list(jar, "approved");
        list(helper, "approved", "native-vendor");
        list(ELF, "approved", "native-vendor");
        assertDenied(qualify(jar), nativeDenied("[lib/helper.jar!/native/libinner.so] (ELF)", "approved"));

        list(jar, "native-vendor");
        Qualification q = qualify(jar);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(List.of(new NativeLibrary("lib/helper.jar!/native/libinner.so", "inner", "ELF", sha256(ELF))), q.nativeLibraries());
    }

    @Test
    void aNativeLibraryMustBeListedInTheRulesGroupToo() throws Exception {
        Path jar = write(ext().entry("lib/libfast.so", ELF));
        list(jar, "native-vendor");
        assertDenied(qualify(jar), "nested file not in signature database: native library [lib/libfast.so] sha256 [" + sha256(ELF)
                + "] is not listed (qualification rule [native-vendor] admits listed hashes only)");
        list(ELF, "approved");
        assertDenied(qualify(jar), "nested file not in the rule's reference groups: native library [lib/libfast.so] sha256 [" + sha256(ELF)
                + "] is listed in groups [approved], qualification rule [native-vendor] asks for one of [native-vendor]");
        list(ELF, "native-vendor");
        assertEquals(Verdict.ENABLE, qualify(jar).verdict());
        Qualification lab = qualify(write(ext().entry("lib/libother.so", MACH_O)), "lab-native");
        assertEquals(Verdict.ENABLE, lab.verdict(), lab.reasons()::toString);
        assertTrue(lab.reasons().contains("nested file: native library [lib/libother.so] sha256 [" + sha256(MACH_O) + "] is not listed"),
                lab.reasons()::toString);
    }

    @Test
    void aJarInsideANestedJarIsRefused() throws Exception {
        byte[] outer = jar(Map.of("inner.jar", helperJar()));
        Path jar = write(ext().entry("lib/outer.jar", outer));
        assertDenied(qualify(jar, "lab"), "nested archive too deep: [lib/outer.jar!/inner.jar] is an archive inside the nested archive "
                + "[lib/outer.jar]; only one level of nesting is read");

        byte[] disguised = jar(Map.of("notes.txt", helperJar()));
        Path other = write(ext().entry("lib/outer.jar", disguised));
        assertDenied(qualify(other, "lab"), "nested archive too deep: [lib/outer.jar!/notes.txt] is an archive inside the nested archive "
                + "[lib/outer.jar]; only one level of nesting is read");

        Path oneLevel = write(ext().entry("lib/outer.jar", helperJar()));
        assertEquals(Verdict.ENABLE, qualify(oneLevel, "lab").verdict());
    }

    @Test
    void aNestedJarWhoseCentralDirectoryNamesOtherEntriesIsRefused() throws Exception {
        // a class loader reads the central directory: it must name what the stream showed
        byte[] helper = jar(Map.of("com/example/Aaaa.class", CLASS_FILE));
        byte[] from = "com/example/Aaaa.class".getBytes(StandardCharsets.UTF_8);
        byte[] to = "native/libevil.so.cla".getBytes(StandardCharsets.UTF_8);
        int last = -1;
        for (int i = 0; i + from.length <= helper.length; i++) {
            if (Arrays.equals(helper, i, i + from.length, from, 0, from.length)) {
                last = i;
            }
        }
        byte[] patched = helper.clone();
        System.arraycopy(Arrays.copyOf(to, from.length), 0, patched, last, from.length);
        Path jar = write(ext().entry("lib/helper.jar", patched));
        assertDenied(qualify(jar, "lab"), "inconsistent nested archive [lib/helper.jar]: its central directory lists 1 entries that "
                + "differ from the 1 entries in the archive body");
        assertEquals(Verdict.ENABLE, qualify(write(ext().entry("lib/helper.jar", helper)), "lab").verdict());
    }

    @Test
    void aNestedJarIsHeldToTheArchiveRules() throws Exception {
        Path traversal = write(ext().entry("lib/helper.jar", jar(Map.of("../evil.class", CLASS_FILE))));
        assertDenied(qualify(traversal, "lab"), "unsafe entry name [lib/helper.jar!/../evil.class]: contains a '..' segment (path traversal)");

        byte[] zeros = new byte[4 * 1024 * 1024];
        Path bomb = write(ext().entry("lib/helper.jar", jar(Map.of("zeros", zeros))));
        Qualification q = qualify(bomb, "lab");
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).startsWith("zip bomb: entry [lib/helper.jar!/zeros] inflates "), q.reasons().get(0));

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            many.put("data/" + i + ".txt", new byte[] {(byte) i});
        }
        Path crowded = write(ext().entry("lib/helper.jar", jar(many)));
        InstallQualifier twelveEntries = InstallQualifier.builder().archiveLimits(new ArchiveLimits(1 << 20, 12, 1 << 20, 100, 1 << 20))
                .rules(ArchiveSafetyTest.admitEverything()).build();
        assertDenied(twelveEntries.qualify(crowded, UPLOAD), "too many entries: more than 12 in the archive (counting those of the nested "
                + "archive [lib/helper.jar])");
        assertEquals(Verdict.ENABLE, twelveEntries.qualify(write(ext().entry("lib/helper.jar", helperJar())), UPLOAD).verdict());

        byte[] broken = Arrays.copyOf(helperJar(), 40);
        Path unreadable = write(ext().entry("lib/helper.jar", broken));
        Qualification r = qualify(unreadable, "lab");
        assertEquals(Verdict.DENY, r.verdict());
        assertTrue(r.reasons().get(0).startsWith("unreadable nested archive [lib/helper.jar]: "), r.reasons().get(0));
    }
}
