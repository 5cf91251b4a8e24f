package org.gatehouse.extension.qualification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Step 1 (docs/extensions.md "Install qualification"): archives that are not zips, too large, zip bombs, traversal names and
 * duplicates are denied with a reason naming the problem, before the manifest is read; an honest
 * bundle passes with the same limits.
 */
class ArchiveSafetyTest {
    static final Upload UPLOAD = new Upload("ext.jar", "alice", Instant.parse("2026-03-04T10:00:00Z"));

    @TempDir
    Path dir;

    static QualificationRules admitEverything() throws XmlDocumentException {
        return QualificationRules.parse("admit-all.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="admit-all" answer="enable" hash-scope="any"/>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8));
    }

    private Qualification qualify(Path jar, ArchiveLimits limits) throws Exception {
        return InstallQualifier.builder().archiveLimits(limits).rules(admitEverything()).build().qualify(jar, UPLOAD);
    }

    private Qualification qualify(Path jar) throws Exception {
        return qualify(jar, ArchiveLimits.DEFAULTS);
    }

    static void assertDenied(Qualification q, String reason) {
        assertEquals(Verdict.DENY, q.verdict(), () -> "reasons: " + q.reasons());
        assertEquals(reason, q.reasons().get(0));
    }

    @Test
    void honestBundlePasses() throws Exception {
        Path jar = TestBundles.bundle("com.example.ratelimiter").write(dir.resolve("ok.jar"));
        Qualification q = qualify(jar);
        assertEquals(Verdict.ENABLE, q.verdict(), () -> "reasons: " + q.reasons());
        assertEquals("com.example.ratelimiter", q.symbolicName());
        assertEquals("1.2.3", q.version());
        assertEquals(64, q.sha256().length());
        assertTrue(q.reasons().contains("archive: 3 entries, within the limits"), q.reasons()::toString);
    }

    @Test
    void textFileIsNotAZip() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.jar"), "this is not an archive");
        assertDenied(qualify(file), "not a zip/jar: the file does not start with a zip entry header");
    }

    @Test
    void emptyZipIsNotAJar() throws Exception {
        Path file = Files.write(dir.resolve("empty.jar"), new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertDenied(qualify(file), "not a zip/jar: the file does not start with a zip entry header");
    }

    @Test
    void truncatedZipIsNotAJar() throws Exception {
        byte[] whole = TestBundles.bundle("com.example.ext").toBytes();
        Path file = Files.write(dir.resolve("cut.jar"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Qualification q = qualify(file);
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).startsWith("not a zip/jar: "), q.reasons()::toString);
    }

    @Test
    void oversizedFileIsDeniedBeforeReading() throws Exception {
        Path jar = TestBundles.bundle("com.example.ext").entry("blob.bin", random(4000)).write(dir.resolve("big.jar"));
        long size = Files.size(jar);
        ArchiveLimits limits = new ArchiveLimits(2000, 100, 1 << 20, 100, 1 << 20);
        assertDenied(qualify(jar, limits), "archive too large: file is " + size + " bytes, the limit is 2000");
        assertEquals(Verdict.ENABLE, qualify(jar, new ArchiveLimits(size, 100, 1 << 20, 100, 1 << 20)).verdict(), "exactly at the limit");
    }

    @Test
    void tooManyEntries() throws Exception {
        TestBundles b = TestBundles.bundle("com.example.ext");
        for (int i = 0; i < 10; i++) {
            b.entry("data/" + i + ".txt", "entry " + i);
        }
        Path jar = b.write(dir.resolve("many.jar"));
        assertDenied(qualify(jar, new ArchiveLimits(1 << 20, 12, 1 << 20, 100, 1 << 20)), "too many entries: more than 12 in the archive");
        assertEquals(Verdict.ENABLE, qualify(jar, new ArchiveLimits(1 << 20, 13, 1 << 20, 100, 1 << 20)).verdict());
    }

    @Test
    void zipBombByRatioIsStoppedWhileInflating() throws Exception {
        // 8 MiB of zeros deflates to a few KiB: about 1000:1
        Path jar = TestBundles.bundle("com.example.ext").entry("bomb.bin", new byte[8 << 20]).write(dir.resolve("bomb.jar"));
        Qualification q = qualify(jar);
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).matches("zip bomb: entry \\[bomb.bin\\] inflates \\d+:1, the limit is 100:1"), q.reasons()::toString);
    }

    /** The zip writer leaves the sizes out of the local headers (they are 0 there): only inflating counts. */
    @Test
    void zipBombByTotalSize() throws Exception {
        Path jar = TestBundles.bundle("com.example.ext")
                .entry("a.bin", random(600_000)).entry("b.bin", random(600_000)).write(dir.resolve("total.jar"));
        ArchiveLimits limits = new ArchiveLimits(4 << 20, 100, 1_000_000, 100, 1 << 20);
        assertDenied(qualify(jar, limits), "zip bomb: the entries inflate to more than 1000000 bytes in total (reached in entry [b.bin])");
        assertEquals(Verdict.ENABLE, qualify(jar, new ArchiveLimits(4 << 20, 100, 1_300_000, 100, 1 << 20)).verdict());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../evil.class|contains a '..' segment",
        "com/../../evil.class|contains a '..' segment",
        "/etc/cron.d/evil|is absolute",
        "com\\evil.class|contains a backslash",
        "C:/Windows/evil.dll|starts with a drive letter",
    })
    void traversalNamesAreDenied(String name, String problem) throws Exception {
        Path jar = TestBundles.bundle("com.example.ext").entry(name, "x").write(dir.resolve("traversal.jar"));
        assertDenied(qualify(jar), "unsafe entry name [" + name + "]: " + problem + " (path traversal)");
    }

    @Test
    void nulInANameIsDenied() throws Exception {
        Path jar = TestBundles.bundle("com.example.ext").entry("evil.txt\0.class", "x").write(dir.resolve("nul.jar"));
        assertDenied(qualify(jar), "unsafe entry name [evil.txt\\u0000.class]: contains a NUL character (path traversal)");
    }

    @Test
    void entryNameThatIsNotUtf8IsDenied() throws Exception {
        Path jar = TestBundles.bundle("com.example.ext").entry("data/abc.txt", "x").write(dir.resolve("latin.jar"));
        TestBundles.patchBytes(jar, "abc".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd}, false);
        Qualification q = qualify(jar);
        assertEquals(Verdict.DENY, q.verdict());
        // JDK 17 reports an undecodable name, JDK 25 a bad LOC header; either way it is not a jar
        assertTrue(q.reasons().get(0).startsWith("not a zip/jar: "), q.reasons()::toString);
        assertTrue(q.reasons().get(0).contains("entry name"), q.reasons()::toString);
    }

    @Test
    void duplicateEntriesAreDenied() throws Exception {
        Path jar = TestBundles.bundle("com.example.ext").entry("data/one.txt", "first").entry("data/two.txt", "second")
                .write(dir.resolve("dup.jar"));
        TestBundles.patchBytes(jar, "data/two.txt", "data/one.txt", false);
        assertDenied(qualify(jar), "duplicate entry name [data/one.txt]");
    }

    @Test
    void centralDirectoryThatDisagreesWithTheBodyIsDenied() throws Exception {
        Path jar = TestBundles.bundle("com.example.ext").entry("data/one.txt", "first").write(dir.resolve("split.jar"));
        // only the local header is renamed; the central directory still says data/one.txt
        TestBundles.patchBytes(jar, "data/one.txt", "data/0ne.txt", true);
        assertDenied(qualify(jar), "inconsistent archive: the central directory lists 4 entries that differ from the 4 entries in the archive body");
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
