package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.gatehouse.sandbox.bridge.SandboxDeniedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** File access through every API family: java.io, NIO Files and channels, zip/jar, URL file:. */
class FileAccessIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return FileActions.class;
    }

    @TempDir
    Path folder;
    private Path existing;
    private Path archive;

    @BeforeEach
    void createFiles() throws Exception {
        existing = Files.writeString(folder.resolve("existing.txt"), "kept");
        archive = folder.resolve("archive.jar");
        try (OutputStream out = Files.newOutputStream(archive); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry("entry.txt"));
            jar.write(1);
        }
        DECIDER.forgetRequests();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fileOutputStream", "randomAccessFile", "fileCreateNewFile", "filesWriteString",
        "fileChannelOpen", "asynchronousFileChannelOpen"})
    void creatingAFileIsDeniedAndNothingIsCreated(String route) throws Exception {
        Path created = folder.resolve(route + ".out");
        // the asynchronous channel starts the JDK's pool thread on the first write
        AutoCloseable threads = DECIDER.grant("runtime", "createThread");

        assertDenied("file " + created, () -> extension.run(route, created));
        assertFalse(Files.exists(created));

        granted("file", folder.toString(), () -> extension.run(route, created));
        assertTrue(Files.exists(created));

        Path byTrusted = folder.resolve(route + ".trusted");
        DECIDER.forgetRequests();
        trusted.run(route, byTrusted);
        assertTrue(Files.exists(byTrusted));
        assertNoExtensionRequest();
        threads.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fileInputStream", "filesReadString", "fileExists", "filesReadAttributes", "urlFileOpen"})
    void readingAFileIsDeniedAndAllowedWhenGranted(String route) throws Exception {
        assertDenied("file " + existing + " read", () -> extension.run(route, existing));

        Object granted = granted("file", existing.toString(), () -> extension.run(route, existing));

        assertEquals(trusted.run(route, existing), granted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zipFileOpen", "jarFileOpen"})
    void openingAnArchiveIsDeniedAndAllowedWhenGranted(String route) throws Exception {
        assertDenied("file " + archive + " read", () -> extension.run(route, archive));

        assertEquals(1, granted("file", archive.toString(), () -> extension.run(route, archive)));
        assertEquals(1, trusted.run(route, archive));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fileDelete", "filesDelete"})
    void deletingIsDeniedAndTheFileStays(String route) throws Exception {
        assertDenied("file " + existing + " delete", () -> extension.run(route, existing));
        assertTrue(Files.exists(existing));

        granted("file", existing.toString(), () -> extension.run(route, existing));
        assertFalse(Files.exists(existing));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fileMkdir", "filesCreateDirectory"})
    void creatingAFolderIsDeniedAndNothingIsCreated(String route) throws Exception {
        Path created = folder.resolve(route);

        assertDenied("file " + created + " write", () -> extension.run(route, created));
        assertFalse(Files.exists(created));

        granted("file", created.toString(), () -> extension.run(route, created));
        assertTrue(Files.isDirectory(created));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fileRenameTo", "filesMove"})
    void movingIsDeniedAndTheFileStays(String route) throws Exception {
        Path target = folder.resolve(route + ".moved");

        assertDenied("file " + existing + " read,delete", () -> extension.run(route, existing, target));
        assertTrue(Files.exists(existing));
        assertFalse(Files.exists(target));

        granted("file", folder.toString(), () -> extension.run(route, existing, target));
        assertTrue(Files.exists(target));
    }

    @Test
    void copyNeedsReadOnTheSourceAndWriteOnTheTarget() throws Exception {
        Path target = folder.resolve("copy.txt");

        assertDenied("file " + existing + " read", () -> extension.run("filesCopy", existing, target));
        try (AutoCloseable readSource = DECIDER.grant("file", existing.toString())) {
            assertDenied("file " + target + " write", () -> extension.run("filesCopy", existing, target));
        }
        assertFalse(Files.exists(target));

        granted("file", folder.toString(), () -> extension.run("filesCopy", existing, target));
        assertEquals("kept", Files.readString(target));
    }

    @Test
    void listingAFolderIsDenied() throws Exception {
        assertDenied("file " + folder + " read", () -> extension.run("fileList", folder));
        assertDenied("file " + folder + " read", () -> extension.run("filesNewDirectoryStream", folder));

        assertArrayEquals((String[]) trusted.run("fileList", folder),
                (String[]) granted("file", folder.toString(), () -> extension.run("fileList", folder)));
        assertEquals(2, granted("file", folder.toString(), () -> extension.run("filesNewDirectoryStream", folder)));
    }

    @Test
    void changingAttributesIsDenied() throws Exception {
        long before = Files.getLastModifiedTime(existing).toMillis();

        assertDenied("file " + existing + " read,write", () -> extension.run("filesSetLastModifiedTime", existing));
        assertEquals(before, Files.getLastModifiedTime(existing).toMillis());

        granted("file", existing.toString(), () -> extension.run("filesSetLastModifiedTime", existing));
        assertEquals(0, Files.getLastModifiedTime(existing).toMillis());
    }

    @Test
    void aSymbolicLinkNeedsAccessToItsTarget() throws Exception {
        Path link = folder.resolve("link");
        Path outside = Path.of("/etc/hostname");

        // write on the link's own folder is not enough, even for code that may make links: the
        // link would open the target to reads
        try (AutoCloseable ownFolder = DECIDER.grant("file", folder.toString());
             AutoCloseable links = DECIDER.grant("runtime", "createSymbolicLink")) {
            assertDenied("file /etc/hostname read,write", () -> extension.run("filesCreateSymbolicLink", link, outside));
        }
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void makingASymbolicLinkNeedsItsOwnPermission() throws Exception {
        Path link = folder.resolve("link");

        // read and write on the link's folder and on the target are not enough
        try (AutoCloseable ownFolder = DECIDER.grant("file", folder.toString())) {
            assertDenied("runtime createSymbolicLink", () -> extension.run("filesCreateSymbolicLink", link, existing));
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));

            granted("runtime", "createSymbolicLink", () -> extension.run("filesCreateSymbolicLink", link, existing));
        }
        assertEquals(existing, Files.readSymbolicLink(link));
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesCopyLinkItself", "filesMove", "fileRenameTo", "filesCreateLink"})
    void placingAnExistingLinkElsewhereNeedsThePermissionToMakeOne(String route) throws Exception {
        Path link = Files.createSymbolicLink(folder.resolve("operators-link"), existing);
        Path placed = folder.resolve("placed");
        // createLink names the new link first, copy and move the source
        Object[] arguments = route.equals("filesCreateLink") ? new Object[] {placed, link} : new Object[] {link, placed};

        try (AutoCloseable ownFolder = DECIDER.grant("file", folder.toString())) {
            assertDenied("runtime createSymbolicLink", () -> extension.run(route, arguments));
            assertFalse(Files.exists(placed, LinkOption.NOFOLLOW_LINKS));

            granted("runtime", "createSymbolicLink", () -> extension.run(route, arguments));
        }
        assertTrue(Files.isSymbolicLink(placed));
    }

    @Test
    void copyingAFileWithoutFollowingLinksNeedsNoLinkPermission() throws Exception {
        Path target = folder.resolve("copy.txt");

        granted("file", folder.toString(), () -> extension.run("filesCopyLinkItself", existing, target));

        assertEquals("kept", Files.readString(target));
        assertFalse(DECIDER.extensionRequests().stream().anyMatch(r -> r.startsWith("runtime")), DECIDER.extensionRequests()::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"filesReadString", "fileInputStream"})
    void dotDotAfterASymbolicLinkClimbsFromWhereTheLinkLeads(String route) throws Exception {
        // granted/a/b/s leads to granted/x: the kernel takes s/../.. to granted/.. (the test's
        // folder), while the names as written stay inside granted/
        Path real = folder.toRealPath();
        Path granted = Files.createDirectories(real.resolve("granted/a/b"));
        Path grantedRoot = real.resolve("granted");
        Files.createDirectory(grantedRoot.resolve("x"));
        Files.createSymbolicLink(granted.resolve("s"), grantedRoot.resolve("x"));
        Path climbing = granted.resolve("s/../../existing.txt");

        try (AutoCloseable grantedFolder = DECIDER.grant("file", grantedRoot.toString())) {
            assertDenied("file " + real.resolve("existing.txt") + " read", () -> extension.run(route, climbing));
        }

        Object read = granted("file", real.resolve("existing.txt").toString(), () -> extension.run(route, climbing));
        assertEquals(trusted.run(route, real.resolve("existing.txt")), read);
    }

    @Test
    void dotDotThroughAFolderThatIsNotThereIsNamedAsWritten() throws Exception {
        Path real = folder.toRealPath();
        Path missing = real.resolve("granted/missing/../existing.txt");

        assertDenied("file " + real.resolve("granted/existing.txt") + " read", () -> extension.run("filesReadString", missing));
    }

    @Test
    void aSecureDirectoryStreamReachesNothingRelativeToItsFolderWithoutItsOwnPermission() throws Exception {
        Path granted = Files.createDirectory(folder.resolve("granted"));
        Path climbing = Path.of("../existing.txt");

        try (AutoCloseable grantedFolder = DECIDER.grant("file", granted.toString())) {
            // listing the granted folder is allowed; reading ../ from its descriptor would open the folder above
            assertDenied("runtime secureDirectoryStream", () -> extension.run("readRelativeToOpenDirectory", granted, climbing));
            assertDenied("runtime secureDirectoryStream", () -> extension.run("deleteRelativeToOpenDirectory", granted, climbing));
            assertTrue(Files.exists(existing));

            Object read = granted("runtime", "secureDirectoryStream", () -> extension.run("readRelativeToOpenDirectory", granted, climbing));
            assertEquals("kept", read);
        }
        assertEquals("kept", trusted.run("readRelativeToOpenDirectory", granted, climbing));
    }

    @Test
    void watchingAFolderIsReadingIt() throws Exception {
        // the watch service starts its polling thread for the extension first
        try (AutoCloseable threads = DECIDER.grant("runtime", "createThread")) {
            assertDenied("file " + folder + " read", () -> extension.run("watchFolder", folder));

            assertEquals(Boolean.TRUE, granted("file", folder.toString(), () -> extension.run("watchFolder", folder)));
        }
    }

    @Test
    void dotDotIsNormalizedBeforeTheDecision() throws Exception {
        Path sneaky = folder.resolve("granted/../existing.txt");
        Files.createDirectory(folder.resolve("granted"));

        try (AutoCloseable grantedFolder = DECIDER.grant("file", folder.resolve("granted").toString())) {
            assertDenied("file " + existing + " read", () -> extension.run("filesReadString", sneaky));
        }
    }

    @Test
    void tempFilesAreCheckedInTheirFolder() throws Exception {
        assertDenied("file " + folder + " write", () -> extension.run("fileCreateTempFile", folder));

        Object created = granted("file", folder.toString(), () -> extension.run("fileCreateTempFile", folder));

        assertTrue(((java.io.File) created).exists());
    }

    @Test
    void aFileSubclassCannotNameOnePathToTheCheckAndAnotherToTheJdk() throws Exception {
        Path allowed = folder.resolve("allowed.txt");
        Path target = folder.resolve("target.txt");

        try (AutoCloseable allowedOnly = DECIDER.grant("file", allowed.toString())) {
            // the bridge refuses the object itself, before any decision
            SandboxDeniedException denied = assertThrows(SandboxDeniedException.class,
                    () -> extension.run("fileThatChangesItsPath", allowed, target));
            assertTrue(denied.getMessage().endsWith("permission [file <org.gatehouse.sandbox.agent.FileActions"
                    + "$TwoFacedFile object> write], rule [argument of a class outside the JDK]"), denied.getMessage());
        }

        assertFalse(Files.exists(target));
        assertFalse(Files.exists(allowed));
    }

    @Test
    void openOptionsAreReadOnceAndTheJdkUsesThatCopy() throws Exception {
        Path file = folder.resolve("lying.txt");

        try (AutoCloseable readOnly = DECIDER.grant("file", file + " read")) {
            assertDenied("file " + file + " write", () -> extension.run("channelWithLyingOptions", file));
        }

        assertFalse(Files.exists(file));
    }

    @Test
    void aPlatformHelperCannotWriteForTheExtension() throws Exception {
        Path written = folder.resolve("by-platform.txt");

        // every frame counts: the extension below the trusted helper is asked, and denied
        assertDenied("file " + written + " write", () -> extension.run("writeThroughPlatformHelper", written));
        assertFalse(Files.exists(written));

        try (AutoCloseable granted = DECIDER.grant("file", written + " write")) {
            extension.run("writeThroughPlatformHelper", written);
        }
        assertTrue(Files.exists(written));
    }

    @Test
    void aPlatformHelperBehindAPrivilegedBoundaryWritesOnItsOwnAuthority() throws Exception {
        Path written = folder.resolve("by-privileged-platform.txt");

        extension.run("writeThroughPrivilegedPlatformHelper", written);

        assertTrue(Files.exists(written));
        assertNoExtensionRequest();
    }
}
