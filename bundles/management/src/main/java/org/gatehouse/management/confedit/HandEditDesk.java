package org.gatehouse.management.confedit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.gatehouse.platform.files.HandEdits;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.management.api.ElementServices;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandAbortedException;
import org.gatehouse.management.command.CommandAudit;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandRefusedException;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.qualification.QualificationFiles;

/**
 * The one place a file of the conf folder edited by hand becomes a command (docs/management.md
 * "Hand edits"). The owners of the files (the policy engine, the flow engine, the users file)
 * never apply content that is not in force; they tell this desk ({@link HandEdits}, an OSGi
 * service), and the desk also looks at every gated file itself every {@link #INTERVAL} and at
 * start, so an edit made while the element was stopped waits as a command too.
 *
 * <p>For a file that differs from its content in force, the desk submits a {@code conf.edit}
 * command whose submitter is the host ({@link Command#HOST}), holding the bytes seen; content that
 * does not read is aborted at submission with the reader's error. The same content is submitted
 * once per run of the element; a newer edit supersedes (cancels) the older command for the file;
 * a file back at its content in force cancels it too. When a command for a file is cancelled or
 * expires, the desk logs and records in the audit log that the file differs from the content in
 * force. Removing a single file (the system policy, flows, users) changes nothing, as before; a
 * policy file of {@code extension-policies/} added or removed by hand is a change.
 */
public final class HandEditDesk implements HandEdits, AutoCloseable {
    /** How often the gated files are compared with their content in force. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The audit record of a file left differing from its content in force. */
    public static final String DIFFERS = "conf.differs";
    static final String SUPERSEDED = "superseded: ";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.handedits");
    private static final List<String> SINGLE_FILES = List.of(ConfEditChange.SYSTEM_POLICY, ConfEditChange.FLOWS, UsersFile.NAME,
            QualificationFiles.RULES, QualificationFiles.DATABASE);
    /** The folders of the conf folder whose files are gated one by one: a file added or removed there is a change. */
    private static final List<String> FOLDERS = List.of(ConfEditChange.EXTENSION_POLICIES, QualificationFiles.PUBLISHERS);

    private final CommandBook book;
    private final InForceLedger ledger;
    private final InForceLedger usersLedger;
    private final ElementServices services;
    private final UsersFile users;
    private final CommandAudit audit;
    private final BooleanSupplier ready;
    /** The SHA-256 of the content last submitted per file, in this run: the same content is not submitted again. */
    private final Map<String, String> submitted = new HashMap<>();
    private final Map<String, ConfEditChange> pending = new HashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-hand-edits");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param ready whether commands can be recorded now (the audit log runs): until then nothing is submitted, and nothing applied
     */
    public HandEditDesk(CommandBook book, InForceLedger ledger, InForceLedger usersLedger, ElementServices services, UsersFile users,
                        CommandAudit audit, BooleanSupplier ready) {
        this.book = book;
        this.ledger = ledger;
        this.usersLedger = usersLedger;
        this.services = services;
        this.users = users;
        this.audit = audit;
        this.ready = ready;
    }

    /** Looks at every gated file now and then every {@link #INTERVAL}, on the desk's own thread. */
    public HandEditDesk start() {
        worker.scheduleWithFixedDelay(this::checkAllQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void seen(String name) {
        if (ConfEditChange.gated(name)) {
            worker.execute(() -> checkQuietly(name));
        }
    }

    /** Looks at every gated file now, on the caller's thread. */
    public synchronized void checkAll() {
        if (!ready.getAsBoolean()) {
            return;
        }
        for (String name : gatedNames()) {
            checkQuietly(name);
        }
    }

    private void checkAllQuietly() {
        try {
            checkAll();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "looking at the files of " + ledger.conf() + " failed", e);
        }
    }

    private List<String> gatedNames() {
        Set<String> names = new LinkedHashSet<>(SINGLE_FILES);
        for (String folder : FOLDERS) {
            try {
                names.addAll(ledger.inForceIn(folder));
                ledger.onDiskIn(folder).stream().filter(ConfEditChange::gated).forEach(names::add);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "the files of " + ledger.conf().resolve(folder) + " cannot be listed: " + e);
            }
        }
        return new ArrayList<>(names);
    }

    private void checkQuietly(String name) {
        try {
            check(name);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "conf/" + name + " cannot be compared with the content in force; nothing of it is applied: " + e);
        }
    }

    /** Compares one file with its content in force; submits, supersedes or cancels its command. */
    synchronized void check(String name) throws IOException {
        if (!ready.getAsBoolean()) {
            return;
        }
        if (!ownerRuns(name)) {
            return; // looked at again once the service that would render and apply it runs
        }
        InForceLedger ledger = ledger(name);
        // read and compared under the ledger's lock: never between the steps of the element's own write
        InForceLedger.Look look = ledger.look(name);
        Optional<byte[]> disk = look.onDisk();
        if (disk.isEmpty() && SINGLE_FILES.contains(name)) {
            return; // a single file stands for the content in force: removing it changes nothing
        }
        ConfEditChange waiting = awaiting(name);
        if (look.inForce()) {
            submitted.remove(name);
            if (waiting != null) {
                cancel(waiting, SUPERSEDED + "conf/" + name + " holds the content in force again");
            }
            return;
        }
        String sha = ConfEditChange.sha256(disk);
        if (waiting != null && waiting.holds(disk) || sha.equals(submitted.get(name))) {
            return;
        }
        if (waiting != null) {
            cancel(waiting, SUPERSEDED + "conf/" + name + " was edited again; the newer content is a command of its own");
        }
        submit(name, disk);
    }

    /** The content in force of the users file is kept by its own folder's ledger (the file may be configured elsewhere). */
    private InForceLedger ledger(String name) {
        return name.equals(UsersFile.NAME) ? usersLedger : ledger;
    }

    private boolean ownerRuns(String name) {
        if (name.equals(UsersFile.NAME)) {
            return true;
        }
        if (name.equals(ConfEditChange.FLOWS)) {
            return services.flowService().isPresent();
        }
        if (QualificationFiles.gated(name)) {
            return services.extensionManager().isPresent();
        }
        return services.policyService().isPresent()
                && (name.equals(ConfEditChange.SYSTEM_POLICY) || services.extensionManager().isPresent());
    }

    private ConfEditChange awaiting(String name) {
        ConfEditChange change = pending.get(name);
        if (change == null || change.commandId().isEmpty()) {
            return null;
        }
        Optional<Command> c = book.get(change.commandId().get());
        if (c.isEmpty() || c.get().state() != CommandState.AWAITING_CONFIRMATION) {
            pending.remove(name);
            return null;
        }
        return change;
    }

    private void cancel(ConfEditChange change, String why) {
        try {
            book.cancel(change.commandId().orElseThrow(), Command.HOST, why);
        } catch (CommandRefusedException e) {
            // confirmed or ended meanwhile: nothing to withdraw
        }
        pending.remove(change.name());
    }

    private void submit(String name, Optional<byte[]> disk) {
        submitted.put(name, ConfEditChange.sha256(disk));
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("content.sha256", ConfEditChange.sha256(disk));
        parameters.put("content.size", disk.map(c -> Integer.toString(c.length)).orElse("no file"));
        InForceLedger ledger = ledger(name);
        ConfEditChange change = new ConfEditChange(name, disk, facts(ledger.fileOf(name)), ledger, services, users, this::ended);
        try {
            Command c = book.submit(CommandRequest.of(CommandType.CONF_EDIT, name, parameters), Command.HOST,
                    Role.SECURITY_OFFICER.wireName(), change);
            change.submittedAs(c.id());
            pending.put(name, change);
            LOG.log(Level.WARNING, "conf/" + name + " was edited by hand; it is not in force: command " + c.id()
                    + " awaits a person's confirmation (gatehouse commands pending)");
        } catch (CommandAbortedException e) {
            LOG.log(Level.WARNING, "conf/" + name + " was edited by hand and is not put in force: command " + e.command().id()
                    + " aborted: " + e.command().reason().orElse(""));
        }
    }

    /** The owner uid and modification time of the file as edited, for the rendering; empty when they cannot be read. */
    private static String facts(Path file) {
        List<String> facts = new ArrayList<>();
        try {
            facts.add("owner uid " + Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // not a POSIX file system: the rendering says less
        }
        try {
            if (Files.isSymbolicLink(file)) {
                facts.add("a symbolic link to " + Files.readSymbolicLink(file));
            }
            facts.add("modified " + Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS));
        } catch (IOException e) {
            // removed: no time to show
        }
        return String.join(", ", facts);
    }

    /** A command for a file ended: when it did not run and the file still differs, that is said loudly and recorded. */
    private void ended(ConfEditChange change) {
        worker.execute(() -> {
            Optional<Command> c = change.commandId().flatMap(book::get);
            if (c.isEmpty() || c.get().state() != CommandState.CANCELLED && c.get().state() != CommandState.EXPIRED) {
                return;
            }
            if (c.get().reason().orElse("").startsWith(SUPERSEDED)) {
                return;
            }
            InForceLedger ledger = ledger(change.name());
            try {
                InForceLedger.Look look = ledger.look(change.name());
                Optional<byte[]> disk = look.onDisk();
                if (look.inForce()) {
                    return;
                }
                String message = "conf/" + change.name() + " differs from the content in force (" + ConfEditChange.describe(disk)
                        + " on disk, " + ConfEditChange.describe(ledger.inForce(change.name())) + " in force): command " + c.get().id()
                        + " to put it in force was " + c.get().state().wireName() + "; the file stays as edited and is not in force";
                LOG.log(Level.WARNING, message);
                audit.record(DIFFERS, Command.HOST, "conf/" + change.name(), message);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "conf/" + change.name() + " may differ from the content in force, and this cannot be recorded: " + e);
            }
        });
    }

    /**
     * What the stores show of a {@code conf.edit} command the element stopped while it ran: it
     * took effect when its content is the content in force.
     */
    public Optional<CommandBook.Finding> examine(Command command) {
        try {
            Optional<byte[]> inForce = ledger(command.target()).inForce(command.target());
            String sha = ConfEditChange.sha256(inForce);
            return Optional.of(new CommandBook.Finding(sha.equals(command.parameters().get("content.sha256")),
                    "the content in force of conf/" + command.target() + " has SHA-256 " + sha));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
