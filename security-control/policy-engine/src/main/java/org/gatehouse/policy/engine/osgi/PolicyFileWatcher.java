package org.gatehouse.policy.engine.osgi;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatehouse.platform.files.FileWatch;
import org.gatehouse.platform.files.HandEdits;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.schemas.XmlDocumentReader;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Watches the system policy and the files of conf/extension-policies by their content. A policy
 * file is read from its content in force ({@link InForceLedger}), never from the file as edited:
 * a file that now differs from it (edited, added or removed by hand) is not applied but told to
 * the {@link HandEdits} service, which submits it as a command awaiting confirmation
 * (docs/management.md "Hand edits"); with no such service it is logged as an error and stays out of
 * force. A change that is the content in force (the element's own write for a confirmed command)
 * asks for a refresh. Content hashes polled every {@link #INTERVAL} ({@link FileWatch},
 * docs/architecture.md "Files on disk") miss no edit.
 */
final class PolicyFileWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PolicyFileWatcher.class.getName());
    /** How often the policy files are compared. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final BundleContext context;
    private final InForceLedger ledger;
    private final Runnable onChange;
    private final List<FileWatch> watches;

    PolicyFileWatcher(BundleContext context, ControlSettings settings, Runnable onChange) throws IOException {
        this.context = context;
        this.ledger = settings.ledger();
        this.onChange = onChange;
        Files.createDirectories(settings.extensionPolicies());
        FileWatch.Listener listener = new FileWatch.Listener() {
            @Override
            public void changed(Path file, byte[] content) {
                seen(file, Optional.of(content));
            }

            @Override
            public void removed(Path file) {
                seen(file, Optional.empty());
            }
        };
        watches = List.of(
                FileWatch.ofFolder(settings.conf(), file -> file.getFileName().toString().equals(PolicyRefresher.SYSTEM_POLICY),
                        XmlDocumentReader.MAX_DOCUMENT_BYTES, listener).start(INTERVAL, "gatehouse-policy-watch"),
                FileWatch.ofFolder(settings.extensionPolicies(), file -> file.getFileName().toString().endsWith(".xml"),
                        XmlDocumentReader.MAX_DOCUMENT_BYTES, listener).start(INTERVAL, "gatehouse-extension-policy-watch"));
        differencesAtStart();
    }

    /** A restart is no side door: what differs now was read from the content in force, and the edit waits as a command. */
    private void differencesAtStart() {
        try {
            List<String> names = new ArrayList<>(ledger.inForceIn(ExtensionPolicies.FOLDER));
            ledger.onDiskIn(ExtensionPolicies.FOLDER).stream().filter(n -> !names.contains(n)).forEach(names::add);
            names.add(PolicyRefresher.SYSTEM_POLICY);
            for (String name : names) {
                Optional<byte[]> onDisk = ledger.onDisk(name);
                if (!(name.equals(PolicyRefresher.SYSTEM_POLICY) && onDisk.isEmpty()) && !ledger.accepts(name, onDisk)) {
                    LOG.log(Level.WARNING, "conf/" + name + " differs from the content in force: the content in force is loaded, and the"
                            + " file waits as a command for a person's confirmation once the management plane runs");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "the policy files cannot be compared with the content in force: " + e);
        }
    }

    private void seen(Path file, Optional<byte[]> content) {
        String name = ledger.conf().relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        try {
            if (name.equals(PolicyRefresher.SYSTEM_POLICY) && content.isEmpty()) {
                // a single file stands for the content in force: removing it changes nothing (docs/architecture.md "Files on disk")
                LOG.log(Level.WARNING, "conf/" + name + " was removed; the system policy in force stays");
                return;
            }
            if (ledger.accepts(name, content)) {
                onChange.run();
                return;
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "conf/" + name + " changed and cannot be compared with the content in force, so it is not applied: " + e);
            return;
        }
        report(context, name);
    }

    /** Tells the hand edit to the management plane, or says loudly that nothing can confirm it. */
    static void report(BundleContext context, String name) {
        ServiceReference<HandEdits> reference = context.getServiceReference(HandEdits.class);
        HandEdits handEdits = reference == null ? null : context.getService(reference);
        if (handEdits == null) {
            LOG.log(Level.ERROR, "conf/" + name + " was edited by hand and differs from the content in force; it is NOT applied, and "
                    + "nothing runs that could submit it for confirmation (the management plane is not running)");
            return;
        }
        try {
            LOG.log(Level.WARNING, "conf/" + name + " was edited by hand and differs from the content in force; it is not applied "
                    + "unless a person confirms it as a command (gatehouse commands pending)");
            handEdits.seen(name);
        } finally {
            context.ungetService(reference);
        }
    }

    @Override
    public void close() {
        watches.forEach(FileWatch::close);
    }
}
