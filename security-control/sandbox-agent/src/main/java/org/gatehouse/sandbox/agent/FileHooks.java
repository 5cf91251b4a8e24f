package org.gatehouse.sandbox.agent;

import static org.gatehouse.sandbox.agent.EntryHook.THIS;

import java.util.ArrayList;
import java.util.List;

/**
 * File access entry points (docs/threat-model.md "Escape routes"): java.io streams, RandomAccessFile (which ZipFile and
 * JarFile open with), File operations, and the default NIO provider, below which every
 * {@code Files.*} method and {@code FileChannel.open} run.
 */
final class FileHooks {
    static final String ENTRY = "org/gatehouse/sandbox/bridge/internal/FileEntries";
    private static final String FILE = "java/io/File";
    private static final String UNIX = "sun/nio/fs/UnixFileSystemProvider";
    private static final String LINUX = "sun/nio/fs/LinuxFileSystemProvider";
    private static final String ABSTRACT = "sun/nio/fs/AbstractFileSystemProvider";
    private static final String PATH = "Ljava/nio/file/Path;";
    private static final String FILE_ATTRIBUTES = "[Ljava/nio/file/attribute/FileAttribute;";
    private static final String LINK_OPTIONS = "[Ljava/nio/file/LinkOption;";

    private FileHooks() {
    }

    static List<EntryHook> hooks() {
        List<EntryHook> hooks = new ArrayList<>();
        hooks.add(file("java/io/FileInputStream", "<init>", "(Ljava/io/File;)V", "read", 0));
        hooks.add(file("java/io/FileOutputStream", "<init>", "(Ljava/io/File;Z)V", "write", 0));
        hooks.add(EntryHook.at("java/io/RandomAccessFile", "<init>", "(Ljava/io/File;Ljava/lang/String;Z)V")
                .calls(ENTRY, "randomAccess").args(0, 1));
        hooks.addAll(javaIoFile());
        hooks.addAll(provider(UNIX));
        hooks.addAll(providerQueries(UNIX));
        hooks.add(file(LINUX, "getFileAttributeView", "(" + PATH + "Ljava/lang/Class;" + LINK_OPTIONS
                + ")Ljava/nio/file/attribute/FileAttributeView;", "read,write", 0));
        hooks.add(file(LINUX, "getFileAttributeView", "(" + PATH + "Ljava/lang/String;" + LINK_OPTIONS
                + ")Lsun/nio/fs/DynamicFileAttributeView;", "read,write", 0));
        hooks.add(file(LINUX, "readAttributes", "(" + PATH + "Ljava/lang/Class;" + LINK_OPTIONS
                + ")Ljava/nio/file/attribute/BasicFileAttributes;", "read", 0));
        hooks.add(file(ABSTRACT, "setAttribute", "(" + PATH + "Ljava/lang/String;Ljava/lang/Object;" + LINK_OPTIONS
                + ")V", "write", 0));
        hooks.add(file(ABSTRACT, "readAttributes", "(" + PATH + "Ljava/lang/String;" + LINK_OPTIONS
                + ")Ljava/util/Map;", "read", 0));
        hooks.addAll(providerQueries(ABSTRACT));
        hooks.addAll(openDirectory());
        // watching a folder reports the names of what changes in it: a read of the folder
        hooks.add(EntryHook.at("sun/nio/fs/UnixPath", "register", "(Ljava/nio/file/WatchService;[Ljava/nio/file/WatchEvent$Kind;"
                + "[Ljava/nio/file/WatchEvent$Modifier;)Ljava/nio/file/WatchKey;").calls(ENTRY, "file").constant("read").args(THIS));
        return List.copyOf(hooks);
    }

    /**
     * What a {@code SecureDirectoryStream} (every {@code Files.newDirectoryStream} on Linux) does
     * relative to its open directory: the kernel resolves the name from the directory's descriptor
     * ({@code openat}), below every path the provider is asked about, so {@code ../x} reaches past
     * any folder. Each is {@code runtime secureDirectoryStream}; listing and closing are not.
     */
    private static List<EntryHook> openDirectory() {
        String stream = "sun/nio/fs/UnixSecureDirectoryStream";
        List<EntryHook> hooks = new ArrayList<>();
        for (String operation : List.of(
                "newByteChannel(" + PATH + "Ljava/util/Set;" + FILE_ATTRIBUTES + ")Ljava/nio/channels/SeekableByteChannel;",
                "newDirectoryStream(" + PATH + LINK_OPTIONS + ")Ljava/nio/file/SecureDirectoryStream;",
                "move(" + PATH + "Ljava/nio/file/SecureDirectoryStream;" + PATH + ")V",
                "getFileAttributeView(" + PATH + "Ljava/lang/Class;" + LINK_OPTIONS + ")Ljava/nio/file/attribute/FileAttributeView;",
                "getFileAttributeView(Ljava/lang/Class;)Ljava/nio/file/attribute/FileAttributeView;",
                "deleteFile(" + PATH + ")V",
                "deleteDirectory(" + PATH + ")V")) {
            int paren = operation.indexOf('(');
            hooks.add(EntryHook.at(stream, operation.substring(0, paren), operation.substring(paren))
                    .calls(ENTRY, "relativeToOpenDirectory"));
        }
        return hooks;
    }

    private static List<EntryHook> javaIoFile() {
        List<EntryHook> hooks = new ArrayList<>();
        for (String query : List.of("exists()Z", "isDirectory()Z", "isFile()Z", "isHidden()Z", "lastModified()J",
                "length()J", "canRead()Z", "canWrite()Z", "canExecute()Z", "normalizedList()[Ljava/lang/String;",
                "getTotalSpace()J", "getFreeSpace()J", "getUsableSpace()J")) {
            hooks.add(onFile(query, "read"));
        }
        for (String change : List.of("createNewFile()Z", "mkdir()Z", "setLastModified(J)Z", "setReadOnly()Z",
                "setWritable(ZZ)Z", "setReadable(ZZ)Z", "setExecutable(ZZ)Z")) {
            hooks.add(onFile(change, "write"));
        }
        hooks.add(onFile("delete()Z", "delete"));
        hooks.add(onFile("deleteOnExit()V", "delete"));
        hooks.add(EntryHook.at(FILE, "renameTo", "(Ljava/io/File;)Z").calls(ENTRY, "move").args(THIS, 0));
        hooks.add(EntryHook.at(FILE, "createTempFile", "(Ljava/lang/String;Ljava/lang/String;Ljava/io/File;)Ljava/io/File;")
                .calls(ENTRY, "tempFile").args(2));
        return hooks;
    }

    private static List<EntryHook> provider(String owner) {
        String channel = "(" + PATH + "Ljava/util/Set;" + FILE_ATTRIBUTES + ")";
        return List.of(
                // the open options are replaced by the immutable copy the check decided on
                EntryHook.at(owner, "newByteChannel", channel + "Ljava/nio/channels/SeekableByteChannel;")
                        .calls(ENTRY, "channel").args(0, 1).replacing(1),
                EntryHook.at(owner, "newFileChannel", channel + "Ljava/nio/channels/FileChannel;")
                        .calls(ENTRY, "channel").args(0, 1).replacing(1),
                EntryHook.at(owner, "newAsynchronousFileChannel", "(" + PATH
                        + "Ljava/util/Set;Ljava/util/concurrent/ExecutorService;" + FILE_ATTRIBUTES
                        + ")Ljava/nio/channels/AsynchronousFileChannel;").calls(ENTRY, "channel").args(0, 1).replacing(1),
                file(owner, "implDelete", "(" + PATH + "Z)Z", "delete", 0),
                // the copy options are replaced by the copy the check read NOFOLLOW_LINKS from
                EntryHook.at(owner, "copy", "(" + PATH + PATH + "[Ljava/nio/file/CopyOption;)V")
                        .calls(ENTRY, "copy").args(0, 1, 2).replacing(2),
                pair(owner, "move", "(" + PATH + PATH + "[Ljava/nio/file/CopyOption;)V", "move"),
                file(owner, "createDirectory", "(" + PATH + FILE_ATTRIBUTES + ")V", "write", 0),
                EntryHook.at(owner, "createSymbolicLink", "(" + PATH + PATH + FILE_ATTRIBUTES + ")V")
                        .calls(ENTRY, "symbolicLink").args(0, 1),
                pair(owner, "createLink", "(" + PATH + PATH + ")V", "hardLink"),
                file(owner, "readSymbolicLink", "(" + PATH + ")" + PATH, "read", 0),
                file(owner, "newDirectoryStream", "(" + PATH + "Ljava/nio/file/DirectoryStream$Filter;)"
                        + "Ljava/nio/file/DirectoryStream;", "read", 0),
                file(owner, "checkAccess", "(" + PATH + "[Ljava/nio/file/AccessMode;)V", "read", 0),
                pair(owner, "isSameFile", "(" + PATH + PATH + ")Z", "sameFile"),
                file(owner, "isHidden", "(" + PATH + ")Z", "read", 0),
                file(owner, "getFileStore", "(" + PATH + ")Ljava/nio/file/FileStore;", "read", 0),
                // attribute views can write (times, permissions, owner) as well as read
                file(owner, "getFileAttributeView", "(" + PATH + "Ljava/lang/Class;" + LINK_OPTIONS
                        + ")Ljava/nio/file/attribute/FileAttributeView;", "read,write", 0),
                file(owner, "getFileAttributeView", "(" + PATH + "Ljava/lang/String;" + LINK_OPTIONS
                        + ")Lsun/nio/fs/DynamicFileAttributeView;", "read,write", 0),
                file(owner, "readAttributes", "(" + PATH + "Ljava/lang/Class;" + LINK_OPTIONS
                        + ")Ljava/nio/file/attribute/BasicFileAttributes;", "read", 0),
                file(owner, "readAttributesIfExists", "(" + PATH + "Ljava/lang/Class;" + LINK_OPTIONS
                        + ")Ljava/nio/file/attribute/BasicFileAttributes;", "read", 0));
    }

    /** Quick queries that 17 and 25 declare in different provider classes and with different signatures. */
    private static List<EntryHook> providerQueries(String owner) {
        List<EntryHook> hooks = new ArrayList<>();
        for (String query : List.of("exists(" + PATH + ")Z", "exists(" + PATH + LINK_OPTIONS + ")Z",
                "isDirectory(" + PATH + ")Z", "isRegularFile(" + PATH + ")Z", "isReadable(" + PATH + ")Z",
                "isWritable(" + PATH + ")Z", "isExecutable(" + PATH + ")Z")) {
            int paren = query.indexOf('(');
            hooks.add(file(owner, query.substring(0, paren), query.substring(paren), "read", 0));
        }
        return hooks;
    }

    private static EntryHook onFile(String methodAndDescriptor, String actions) {
        int paren = methodAndDescriptor.indexOf('(');
        return EntryHook.at(FILE, methodAndDescriptor.substring(0, paren), methodAndDescriptor.substring(paren))
                .calls(ENTRY, "file").constant(actions).args(THIS);
    }

    private static EntryHook file(String owner, String method, String descriptor, String actions, int argument) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, "file").constant(actions).args(argument);
    }

    private static EntryHook pair(String owner, String method, String descriptor, String entryMethod) {
        return EntryHook.at(owner, method, descriptor).calls(ENTRY, entryMethod).args(0, 1);
    }
}
