package org.gatehouse.policy.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatehouse.files.FileWatch;
import org.gatehouse.schemas.XmlDocumentReader;

/**
 * Watches the XML files of the conf folder (system-policy.xml) and of conf/extension-policies by
 * their content and asks for a refresh when one changes, appears or goes, so a policy edit takes
 * effect without a restart (docs/policy-language.md "Runtime swap"). Content hashes polled every
 * {@link #INTERVAL} ({@link FileWatch}, docs/architecture.md "Files on disk") miss no edit, where
 * a WatchService misses some (a folder replaced, file systems without change events).
 */
final class PolicyFileWatcher implements AutoCloseable {
    /** How often the policy files are compared. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final List<FileWatch> watches;

    PolicyFileWatcher(ControlSettings settings, Runnable onChange) throws IOException {
        Files.createDirectories(settings.extensionPolicies());
        FileWatch.Listener refresh = new FileWatch.Listener() {
            @Override
            public void changed(Path file, byte[] content) {
                onChange.run();
            }

            @Override
            public void removed(Path file) {
                onChange.run();
            }
        };
        watches = List.of(
                xmlFiles(settings.conf(), refresh).start(INTERVAL, "gatehouse-policy-watch"),
                xmlFiles(settings.extensionPolicies(), refresh).start(INTERVAL, "gatehouse-extension-policy-watch"));
    }

    private static FileWatch xmlFiles(Path folder, FileWatch.Listener listener) {
        return FileWatch.ofFolder(folder, file -> file.getFileName().toString().endsWith(".xml"),
                XmlDocumentReader.MAX_DOCUMENT_BYTES, listener);
    }

    @Override
    public void close() {
        watches.forEach(FileWatch::close);
    }
}
