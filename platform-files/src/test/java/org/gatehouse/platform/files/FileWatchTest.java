package org.gatehouse.platform.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatchTest {
    @TempDir
    Path folder;

    private final List<String> reports = new CopyOnWriteArrayList<>();

    private final FileWatch.Listener recorder = new FileWatch.Listener() {
        @Override
        public void changed(Path file, byte[] content) {
            reports.add(file.getFileName() + " changed: " + new String(content, StandardCharsets.UTF_8));
        }

        @Override
        public void removed(Path file) {
            reports.add(file.getFileName() + " removed");
        }
    };

    @Test
    void anInPlaceEditWithinTheSameSecondIsSeen() throws IOException {
        Path file = write("element.xml", "port=8080");
        FileTime stamp = Files.getLastModifiedTime(file);

        // same length, same modification time: only the content tells
        assertEquals(List.of("element.xml changed: port=8081"), reportsOf(file, () -> {
            Files.writeString(file, "port=8081", StandardOpenOption.TRUNCATE_EXISTING);
            Files.setLastModifiedTime(file, stamp);
        }));
    }

    @Test
    void aReplacementByRenameIsSeenOnce() throws IOException {
        Path file = write("flows.xml", "one");

        assertEquals(List.of("flows.xml changed: two"), reportsOf(file, () -> {
            Path staged = write(".flows.xml.tmp", "two");
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }));
    }

    /** A change made to the disk between two looks. */
    @FunctionalInterface
    private interface Edit {
        void apply() throws IOException;
    }

    /** What a watch of {@code file} reports over two polls after {@code edit}. */
    private List<String> reportsOf(Path file, Edit edit) throws IOException {
        FileWatch watch = FileWatch.ofFile(file, 1024, recorder);
        edit.apply();
        watch.poll();
        watch.poll();
        return reports;
    }

    @Test
    void aDeletedFileIsReportedOnceAndItsReturnWithOtherContentIsAChange() throws IOException {
        Path file = write("management-users.xml", "alice");
        FileWatch watch = FileWatch.ofFile(file, 1024, recorder);

        Files.delete(file);
        watch.poll();
        watch.poll();
        write("management-users.xml", "alice");
        watch.poll();
        write("management-users.xml", "bob");
        watch.poll();

        assertEquals(List.of("management-users.xml removed", "management-users.xml changed: bob"), reports,
                "a single file's return with the content read last is no change");
    }

    @Test
    void contentThatIsKnownIsNoChange() throws IOException {
        Path file = write("flows.xml", "one");
        FileWatch watch = FileWatch.ofFile(file, 1024, recorder);

        Files.writeString(file, "written by the owner");
        watch.known(file, "written by the owner".getBytes(StandardCharsets.UTF_8));
        watch.poll();

        assertEquals(List.of(), reports);
    }

    @Test
    void aFileThatAppearsIsAChange() throws IOException {
        FileWatch watch = FileWatch.ofFile(folder.resolve("management-users.xml"), 1024, recorder);
        watch.poll();

        write("management-users.xml", "carol");
        watch.poll();

        assertEquals(List.of("management-users.xml changed: carol"), reports);
    }

    @Test
    void aLongFileIsHandedOnCutOneByteBeyondTheLimit() throws IOException {
        Path file = write("element.xml", "");
        FileWatch watch = FileWatch.ofFile(file, 4, recorder);

        Files.writeString(file, "123456789");
        watch.poll();

        assertEquals(List.of("element.xml changed: 12345"), reports);
    }

    @Test
    void inAFolderAFileThatGoesAndComesBackIsReportedBothTimes() throws IOException {
        write("a.xml", "grant");
        write("notes.txt", "ignored");
        FileWatch watch = FileWatch.ofFolder(folder, p -> p.getFileName().toString().endsWith(".xml"), 1024, recorder);

        Files.delete(folder.resolve("a.xml"));
        watch.poll();
        watch.poll();
        write("a.xml", "grant");
        write("b.xml", "more");
        write("notes.txt", "still ignored");
        watch.poll();

        assertEquals(List.of("a.xml removed", "a.xml changed: grant", "b.xml changed: more"), reports);
    }

    @Test
    void aRemovedFolderIsARemovalOfItsFilesNotACrash() throws IOException {
        Path policies = Files.createDirectories(folder.resolve("extension-policies"));
        Files.writeString(policies.resolve("x.xml"), "grant");
        FileWatch watch = FileWatch.ofFolder(policies, p -> true, 1024, recorder);

        Files.delete(policies.resolve("x.xml"));
        Files.delete(policies);
        watch.poll();
        watch.poll();

        assertEquals(List.of("x.xml removed"), reports);
    }

    @Test
    void aStartedWatchPollsByItselfAndSurvivesAFailingListener() throws Exception {
        Path file = write("element.xml", "one");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (FileWatch watch = FileWatch.ofFile(file, 1024, content -> {
            String text = new String(content, StandardCharsets.UTF_8);
            seen.add(text);
            if (text.equals("two")) {
                throw new IllegalStateException("apply failed");
            }
        })) {
            watch.start(Duration.ofMillis(10), "test-watch");
            // replaced whole: a poll could otherwise meet an in-place write half done
            AtomicFile.replace(file, "two".getBytes(StandardCharsets.UTF_8));
            await(() -> seen.contains("two"));
            AtomicFile.replace(file, "three".getBytes(StandardCharsets.UTF_8));
            await(() -> seen.contains("three"));
        }
        assertEquals(List.of("two", "three"), seen);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(true, condition.getAsBoolean(), "in time");
    }
}
