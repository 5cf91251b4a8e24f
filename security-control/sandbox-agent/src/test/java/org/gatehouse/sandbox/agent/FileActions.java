package org.gatehouse.sandbox.agent;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * File access through every API family: java.io, NIO Files and channels, zip/jar, URL file:. One
 * tiny sensitive action per route of docs/threat-model.md "Escape routes"; the tests run each from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 */
public final class FileActions {
    private FileActions() {
    }


    public static void fileOutputStream(Path file) throws Exception {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(1);
        }
    }

    public static Integer fileInputStream(Path file) throws Exception {
        try (FileInputStream in = new FileInputStream(file.toString())) {
            return in.read();
        }
    }

    public static void randomAccessFile(Path file) throws Exception {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(1);
        }
    }

    public static Boolean fileDelete(Path file) {
        return file.toFile().delete();
    }

    public static Boolean fileMkdir(Path folder) {
        return folder.toFile().mkdir();
    }

    public static Boolean fileRenameTo(Path from, Path to) {
        return from.toFile().renameTo(to.toFile());
    }

    public static Boolean fileCreateNewFile(Path file) throws Exception {
        return file.toFile().createNewFile();
    }

    public static Object fileList(Path folder) {
        return folder.toFile().list();
    }

    public static Boolean fileExists(Path file) {
        return file.toFile().exists();
    }

    public static Object fileCreateTempFile(Path folder) throws Exception {
        return File.createTempFile("gatehouse", ".tmp", folder.toFile());
    }

    public static void filesWriteString(Path file) throws Exception {
        Files.writeString(file, "x");
    }

    public static String filesReadString(Path file) throws Exception {
        return Files.readString(file);
    }

    public static void filesDelete(Path file) throws Exception {
        Files.delete(file);
    }

    public static void filesCreateDirectory(Path folder) throws Exception {
        Files.createDirectory(folder);
    }

    public static void filesCopy(Path from, Path to) throws Exception {
        Files.copy(from, to);
    }

    public static void filesMove(Path from, Path to) throws Exception {
        Files.move(from, to);
    }

    public static Integer filesNewDirectoryStream(Path folder) throws Exception {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path ignored : entries) {
                count++;
            }
        }
        return count;
    }

    public static Long filesReadAttributes(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).size();
    }

    public static void filesSetLastModifiedTime(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    }

    public static void filesCreateSymbolicLink(Path link, Path target) throws Exception {
        Files.createSymbolicLink(link, target);
    }

    /** Reads {@code relative} through a SecureDirectoryStream of {@code folder}: openat from the folder's descriptor. */
    public static String readRelativeToOpenDirectory(Path folder, Path relative) throws Exception {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            SecureDirectoryStream<Path> open = (SecureDirectoryStream<Path>) stream;
            try (SeekableByteChannel channel = open.newByteChannel(relative, Set.of(StandardOpenOption.READ))) {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                channel.read(buffer);
                return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Deletes {@code relative} through a SecureDirectoryStream of {@code folder}. */
    public static void deleteRelativeToOpenDirectory(Path folder, Path relative) throws Exception {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            ((SecureDirectoryStream<Path>) stream).deleteFile(relative);
        }
    }

    /** Registers {@code folder} with a new watch service: its key is valid when watching began. */
    public static Boolean watchFolder(Path folder) throws Exception {
        try (WatchService watcher = folder.getFileSystem().newWatchService()) {
            return folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE).isValid();
        }
    }

    public static void filesCopyLinkItself(Path from, Path to) throws Exception {
        Files.copy(from, to, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    public static void filesCreateLink(Path link, Path existing) throws Exception {
        Files.createLink(link, existing);
    }

    public static void fileChannelOpen(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    public static void asynchronousFileChannelOpen(Path file) throws Exception {
        try (AsynchronousFileChannel channel = AsynchronousFileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}), 0).get();
        }
    }

    public static Integer zipFileOpen(Path zip) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.size();
        }
    }

    public static Integer jarFileOpen(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.size();
        }
    }

    public static Integer urlFileOpen(Path file) throws Exception {
        try (InputStream in = file.toUri().toURL().openStream()) {
            return in.read();
        }
    }

    /** A File that names one path to whoever asks first and another afterwards. */
    public static void fileThatChangesItsPath(Path allowed, Path target) throws Exception {
        File twoFaced = new TwoFacedFile(allowed.toString(), target.toString());
        try (FileOutputStream out = new FileOutputStream(twoFaced)) {
            out.write(1);
        }
    }

    /** Open options whose contains() says read-only while iteration (what the JDK uses) says write. */
    public static void channelWithLyingOptions(Path file) throws Exception {
        java.util.Set<java.nio.file.OpenOption> lying = new java.util.HashSet<>(
                java.util.List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean contains(Object option) {
                return option == StandardOpenOption.READ;
            }
        };
        try (FileChannel channel = FileChannel.open(file, lying)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }

    private static final class TwoFacedFile extends File {
        private static final long serialVersionUID = 1L;
        private final String later;
        private int asked;

        TwoFacedFile(String first, String later) {
            super(first);
            this.later = later;
        }

        @Override
        public String getPath() {
            return asked++ == 0 ? super.getPath() : later;
        }
    }

    /** The platform deputy case: a trusted helper writes the file the extension names. */
    public static void writeThroughPlatformHelper(Path file) throws Exception {
        HostSecrets.writeFor(file);
    }

    /** The declared boundary: the trusted helper vouches for the write. */
    public static void writeThroughPrivilegedPlatformHelper(Path file) {
        HostSecrets.writeOnItsOwnAuthority(file);
    }
}
