package org.gatehouse.management.component;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.platform.files.AtomicFile;
import org.gatehouse.platform.files.HandEdits;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.platform.files.PrivateFolder;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.management.api.ApiRoutes;
import org.gatehouse.management.api.CommandEvidence;
import org.gatehouse.management.api.ElementServices;
import org.gatehouse.management.auth.Authenticator;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandJournal;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.command.ConfirmationRules;
import org.gatehouse.management.command.ModificationCounts;
import org.gatehouse.management.confedit.HandEditDesk;
import org.gatehouse.management.confirm.CommandDesk;
import org.gatehouse.management.confirm.ConfirmationListener;
import org.gatehouse.management.confirm.ConfirmationListenerSettings;
import org.gatehouse.management.confirm.LocalConfirmationSocket;
import org.gatehouse.management.confirm.PhraseBook;
import org.gatehouse.management.server.ManagementServer;
import org.gatehouse.management.server.ManagementSettings;
import org.gatehouse.policy.engine.api.PolicyService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The management API as a Declarative Services component: reads {@link ManagementSettings} from
 * the framework properties, opens the command journal under {@code <data>/commands/}, and starts
 * the listener. The platform services are optional and dynamic: the API runs without them and
 * answers 503 on the routes that need one. The listener's base URL is written to
 * {@code <data>/management.url} for the {@code gatehouse} command line.
 */
@Component(immediate = true, service = {})
public final class ManagementComponent implements ElementServices {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management");
    static final String URL_FILE = "management.url";
    /** The extension manager's framework property: what it answers while no qualification rules are in force. */
    static final String QUALIFICATION_DEFAULT = "gatehouse.extensions.qualification.default";

    private volatile ExtensionManager extensionManager;
    private volatile FlowService flowService;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PolicyService policyService;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DataPlane dataPlane;
    private volatile AuditLog auditLog;

    private volatile CommandBook commands;
    private volatile HandEditDesk handEdits;
    private volatile InForceLedger confLedger;
    private volatile UsersFile usersFile;
    private ServiceRegistration<HandEdits> handEditsRegistration;
    private ScheduledExecutorService expiry;
    private LocalConfirmationSocket confirmation;
    private ConfirmationListener confirmationListener;
    private ManagementServer server;
    private Authenticator authenticator;
    private Path urlFile;

    @Activate
    void activate(BundleContext context) throws Exception {
        ManagementSettings settings = ManagementSettings.from(context::getProperty);
        secureDataFolders(settings.dataDir());
        ConfirmationRules rules = ConfirmationRules.from(context::getProperty);
        // the users in force are those last confirmed; an edit by hand waits as a command (docs/management.md "Hand edits")
        UsersFile users = UsersFile.gated(usersLedger(settings));
        usersFile = users;
        Path commandFolder = settings.dataDir().resolve("commands");
        ModificationCounts counts = ModificationCounts.open(commandFolder);
        PhraseBook phrases = PhraseBook.open(settings.dataDir().resolve("confirm"));
        commands = CommandBook.open(CommandJournal.open(commandFolder), rules, this::audit, Clock.systemUTC());
        InForceLedger conf = InForceLedger.open(Path.of(context.getProperty("gatehouse.conf.dir")), settings.dataDir());
        confLedger = conf;
        handEdits = new HandEditDesk(commands, conf, usersLedger(settings), this, users, this::audit, () -> auditLog != null);
        users.onHandEdit(handEdits::seen);
        recoverCommands();
        CommandDesk desk = new CommandDesk(commands, users, phrases);
        // logins and refusals go to the audit log (docs/management.md "Audit"): the confirmation socket's refused peers and
        // the confirmation listener's re-authentications too
        authenticator = new Authenticator(users, this::auditLog);
        Authenticator audited = authenticator;
        LocalConfirmationSocket.RefusalAudit socketRefusals = (code, peer, message) -> audited.refusals().audit().ifPresent(a ->
                a.refused(code, "local " + peer, "confirm.sock", "confirmation socket connection", message));
        // the local trusted path: commands are confirmed there or on the confirmation listener, never over REST (docs/management.md "Confirmation")
        try {
            confirmation = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(settings.dataDir()), desk,
                    LocalConfirmationSocket.allowedUids(context::getProperty, settings.dataDir()), users,
                    LocalConfirmationSocket.Limits.DEFAULT, LocalConfirmationSocket.Peers.OTHER_PROCESSES, socketRefusals);
        } catch (IOException | RuntimeException e) {
            authenticator.close();
            commands.close();
            throw e;
        }
        // the second trusted path, for the web console: TLS with a required client certificate, then password and TOTP
        // (off unless gatehouse.confirm.address is set; docs/management.md "The confirmation listener")
        try {
            Optional<ConfirmationListenerSettings> listenerSettings = ConfirmationListenerSettings.from(context::getProperty);
            if (listenerSettings.isPresent()) {
                confirmationListener = ConfirmationListener.start(listenerSettings.get(), desk, users, Clock.systemUTC(),
                        authenticator.refusals().audit());
            }
        } catch (IOException | RuntimeException e) {
            authenticator.close();
            confirmation.close();
            confirmation = null;
            commands.close();
            throw e;
        }
        try {
            server = ManagementServer.start(settings, ApiRoutes.router(this, commands, counts, desk, authenticator.refusals(), users,
                    Optional.of(conf), qualificationDefault(context.getProperty(QUALIFICATION_DEFAULT))), authenticator);
        } catch (IOException | RuntimeException e) {
            if (confirmationListener != null) {
                confirmationListener.close();
                confirmationListener = null;
            }
            authenticator.close();
            confirmation.close();
            commands.close();
            throw e;
        }
        expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-command-expiry");
            t.setDaemon(true);
            return t;
        });
        CommandBook book = commands;
        expiry.scheduleWithFixedDelay(() -> book.expireDue().forEach(c -> LOG.log(Level.INFO, "command " + c.id() + " ("
                + c.type().wireName() + " " + c.target() + ") expired: " + c.reason().orElse(""))), 5, 5, TimeUnit.SECONDS);
        handEditsRegistration = context.registerService(HandEdits.class, handEdits.start(), null);
        urlFile = settings.dataDir().resolve(URL_FILE);
        writeUrl(urlFile, server.baseUrl());
        LOG.log(Level.INFO, "management API listening on " + server.baseUrl() + "/api/v1");
    }

    /**
     * The data folder and the folders of the trusted path in it ({@code run/}, {@code confirm/},
     * {@code commands/}) are the element's own: owned by its uid, writable by neither group nor
     * others; the three are made 0700 when missing. Whoever else could change one could serve the
     * confirmation socket, read the phrases or replace a staged upload (docs/management.md "The local
     * path"), so the component does not start.
     */
    static void secureDataFolders(Path data) throws IOException {
        long uid = PrivateFolder.processUid();
        PrivateFolder.require(data, uid, "data folder", true);
        for (String folder : List.of("run", "confirm", "commands")) {
            PrivateFolder.require(data.resolve(folder), uid, "folder", false);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindExtensionManager(ExtensionManager manager) {
        extensionManager = manager;
        recoverCommands();
    }

    void unbindExtensionManager(ExtensionManager manager) {
        if (extensionManager == manager) {
            extensionManager = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindFlowService(FlowService flows) {
        flowService = flows;
        recoverCommands();
    }

    void unbindFlowService(FlowService flows) {
        if (flowService == flows) {
            flowService = null;
        }
    }

    /** The content in force of the users file, kept under the data folder; the file must bear its usual name. */
    /** The answer without rules as the extension manager takes it (it refuses to start on anything else). */
    private static String qualificationDefault(String property) {
        return property == null || property.isBlank() ? "trusted" : property.trim();
    }

    private static InForceLedger usersLedger(ManagementSettings settings) {
        if (!settings.usersFile().getFileName().toString().equals(UsersFile.NAME)) {
            throw new IllegalArgumentException("the management users file " + settings.usersFile() + " must be named " + UsersFile.NAME
                    + ", the name its content in force is kept under");
        }
        return InForceLedger.open(settings.usersFile().toAbsolutePath().getParent(), settings.dataDir());
    }

    /** Commands the previous run left in progress are decided once the store they changed can be read. */
    private void recoverCommands() {
        CommandBook book = commands;
        HandEditDesk desk = handEdits;
        if (book != null && desk != null && usersFile != null) {
            CommandEvidence evidence = new CommandEvidence(this, usersFile, Optional.ofNullable(confLedger));
            // a conf.edit is decided from the content in force; the rest from the stores they change
            CommandBook.Recovery recovery = c -> c.type() == CommandType.CONF_EDIT ? desk.examine(c) : evidence.examine(c);
            book.recover(recovery).forEach(c -> LOG.log(Level.WARNING, "command " + c.id() + " ("
                    + c.type().wireName() + " " + c.target() + ") recorded " + c.state().wireName() + ": "
                    + c.reason().or(c::result).orElse("")));
        }
    }

    private static void writeUrl(Path file, String url) throws IOException {
        AtomicFile.replace(file, (url + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Records into the audit log; fails (and so refuses what the command book was about to do) while there is none. */
    private void audit(String kind, String actor, String subject, String payload) {
        AuditLog log = auditLog;
        if (log == null) {
            throw new IllegalStateException("the audit log service is not running");
        }
        log.append(kind, actor, subject, payload);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAuditLog(AuditLog log) {
        auditLog = log;
        HandEditDesk desk = handEdits;
        if (desk != null) {
            desk.seen(UsersFile.NAME); // what waited for the audit log is looked at now
        }
    }

    void unbindAuditLog(AuditLog log) {
        if (auditLog == log) {
            auditLog = null;
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        if (handEditsRegistration != null) {
            handEditsRegistration.unregister();
            handEditsRegistration = null;
        }
        if (handEdits != null) {
            handEdits.close();
            handEdits = null;
        }
        if (expiry != null) {
            expiry.shutdownNow();
            expiry = null;
        }
        if (confirmation != null) {
            confirmation.close();
            confirmation = null;
        }
        if (confirmationListener != null) {
            confirmationListener.close();
            confirmationListener = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (authenticator != null) {
            authenticator.close();
            authenticator = null;
        }
        if (urlFile != null) {
            Files.deleteIfExists(urlFile);
        }
        if (commands != null) {
            commands.close();
            commands = null;
        }
    }

    @Override
    public Optional<ExtensionManager> extensionManager() {
        return Optional.ofNullable(extensionManager);
    }

    @Override
    public Optional<FlowService> flowService() {
        return Optional.ofNullable(flowService);
    }

    @Override
    public Optional<PolicyService> policyService() {
        return Optional.ofNullable(policyService);
    }

    @Override
    public Optional<DataPlane> dataPlane() {
        return Optional.ofNullable(dataPlane);
    }

    @Override
    public Optional<AuditLog> auditLog() {
        return Optional.ofNullable(auditLog);
    }
}
