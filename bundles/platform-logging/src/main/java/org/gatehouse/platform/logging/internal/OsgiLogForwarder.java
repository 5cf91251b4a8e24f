package org.gatehouse.platform.logging.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Listens on the OSGi {@link LogReaderService} and writes every entry to {@link System.Logger},
 * which the launcher routes to {@code java.util.logging}: SCR's messages and the framework's
 * events then land in the same stream as the platform bundles' own logs.
 *
 * <p>Entries logged before this component was activated (SCR and the framework log before it
 * exists) are replayed from the log service's history once, oldest first. Entry sequence
 * numbers (OSGi Compendium 101.8, {@code LogEntry.getSequence()}) keep the replay and the live
 * listener from writing an entry twice: the listener is registered before the history is read,
 * and both paths forward only entries newer than the newest one already forwarded.
 *
 * <p>The component registers no service: as a whiteboard {@code LogListener} (Log 1.4) it would
 * receive every entry a second time.
 */
@Component(immediate = true, service = {})
public final class OsgiLogForwarder implements LogListener {
    private final LogReaderService reader;
    private final Object order = new Object();
    private long newestForwarded = -1;

    @Activate
    public OsgiLogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        synchronized (order) {
            reader.addLogListener(this);
            replayHistory();
        }
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        synchronized (order) {
            forwardIfNew(entry);
        }
    }

    private void replayHistory() {
        List<LogEntry> history = new ArrayList<>(Collections.list(reader.getLog()));
        // getLog() answers newest first
        Collections.reverse(history);
        history.forEach(this::forwardIfNew);
    }

    private void forwardIfNew(LogEntry entry) {
        if (entry.getSequence() <= newestForwarded) {
            return;
        }
        newestForwarded = entry.getSequence();
        ForwardedRecord record = ForwardedRecord.of(entry);
        System.Logger logger = System.getLogger(record.loggerName());
        if (record.thrown() == null) {
            logger.log(record.level(), record.message());
        } else {
            logger.log(record.level(), record.message(), record.thrown());
        }
    }
}
