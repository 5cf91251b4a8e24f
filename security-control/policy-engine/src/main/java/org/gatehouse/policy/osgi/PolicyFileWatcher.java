package org.gatehouse.policy.osgi;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Watches the conf folder (system-policy.xml) and conf/extension-policies for changes and asks for
 * a refresh, so a policy edit takes effect without a restart (docs/policy-language.md "Runtime swap").
 */
final class PolicyFileWatcher implements AutoCloseable {
    private static final Logger LOG = System.getLogger(PolicyFileWatcher.class.getName());

    private final WatchService watcher;
    private final Thread thread;

    PolicyFileWatcher(ControlSettings settings, Runnable onChange) throws IOException {
        Files.createDirectories(settings.extensionPolicies());
        watcher = FileSystems.getDefault().newWatchService();
        register(settings.conf());
        register(settings.extensionPolicies());
        thread = new Thread(() -> watch(onChange), "gatehouse-policy-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void register(Path folder) throws IOException {
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watch(Runnable onChange) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean policyChanged = key.pollEvents().stream()
                        .anyMatch(e -> e.context() == null || e.context().toString().endsWith(".xml"));
                key.reset();
                if (policyChanged) {
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.log(Level.DEBUG, "policy file watch ended");
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
