package org.gatehouse.management.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.gatehouse.platform.files.InForceLedger;
import java.util.function.Supplier;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandBook.Finding;
import org.gatehouse.management.command.CommandType;

/**
 * Decides from the stores whether a command the element stopped in the middle of took effect:
 * the extension store for extension commands, the flows in force for {@code flows.replace}, the
 * management users in force for a change of them.
 * Every operation behind a command is all-or-nothing, so what the store holds now is the answer;
 * uploads are named in a command by their SHA-256, which is compared with what is stored.
 *
 * <pre>{@code
 * book.recover(new CommandEvidence(services, usersFile));
 * }</pre>
 */
public final class CommandEvidence implements CommandBook.Recovery {
    private final ElementServices services;
    private final Supplier<ManagementUsers> users;
    private final Optional<InForceLedger> conf;

    /**
     * Evidence from the element's stores; a change of the users is decided from the users in force,
     * {@code users}, and a change of install qualification from the content in force of {@code conf}.
     */
    public CommandEvidence(ElementServices services, Supplier<ManagementUsers> users, Optional<InForceLedger> conf) {
        this.services = services;
        this.users = users;
        this.conf = conf;
    }

    /** Evidence from the element's stores; a change of the users is decided from the users in force, {@code users}. */
    public CommandEvidence(ElementServices services, Supplier<ManagementUsers> users) {
        this(services, users, Optional.empty());
    }

    /** Evidence from the stores, for a book that holds no change of the users. */
    public CommandEvidence(ElementServices services) {
        this(services, () -> {
            throw new IllegalStateException("no management users to decide a change of them from");
        });
    }

    @Override
    public Optional<Finding> examine(Command command) {
        if (command.type().changesUsers()) {
            return Optional.of(UserChange.examine(command, users.get()));
        }
        if (command.type().changesQualification()) {
            return conf.flatMap(ledger -> TrustChange.examine(command, ledger));
        }
        return switch (command.type()) {
            case FLOWS_REPLACE -> services.flowService().map(flows -> flows(command, flows));
            case EXTENSION_INSTALL -> services.extensionManager().map(manager -> installed(command, manager));
            default -> services.extensionManager().map(manager -> extension(command, manager.get(command.target())));
        };
    }

    private static Finding flows(Command command, FlowService flows) {
        String expected = command.parameters().get("document.sha256");
        String inForce = Upload.sha256(flows.current().document().getBytes(StandardCharsets.UTF_8));
        return new Finding(inForce.equals(expected), "the flows document in force has SHA-256 " + inForce);
    }

    private static Finding installed(Command command, ExtensionManager manager) {
        String bundle = command.parameters().get("bundle.sha256");
        return manager.list().stream()
                .filter(r -> r.sha256().equals(bundle) && !r.installedAt().isBefore(command.submittedAt()))
                .findFirst()
                .map(r -> new Finding(true, describe(r) + " is in the store from bundle " + bundle))
                .orElseGet(() -> new Finding(false, "no extension in the store was installed from bundle " + bundle));
    }

    private static Finding extension(Command command, Optional<ExtensionRecord> stored) {
        String name = command.target();
        if (stored.isEmpty()) {
            return new Finding(command.type() == CommandType.EXTENSION_REMOVE,
                    "extension " + name + " is not in the store");
        }
        ExtensionRecord r = stored.get();
        return switch (command.type()) {
            case EXTENSION_UPGRADE -> new Finding(r.sha256().equals(command.parameters().get("bundle.sha256")),
                    describe(r) + " is in the store from bundle " + r.sha256());
            case EXTENSION_ENABLE -> new Finding(r.state() == ExtensionState.ENABLED || r.state() == ExtensionState.QUARANTINED,
                    describe(r) + " is " + r.state().name().toLowerCase(Locale.ROOT));
            case EXTENSION_DISABLE -> new Finding(r.state() == ExtensionState.DISABLED,
                    describe(r) + " is " + r.state().name().toLowerCase(Locale.ROOT));
            case EXTENSION_POLICY_REPLACE -> policy(command, r);
            default -> new Finding(false, describe(r) + " is still in the store");
        };
    }

    private static Finding policy(Command command, ExtensionRecord r) {
        String stored = r.policy().map(p -> Upload.sha256(p.getBytes(StandardCharsets.UTF_8))).orElse("none");
        return new Finding(stored.equals(command.parameters().get("policy.sha256")),
                "the policy stored for " + describe(r) + " has SHA-256 " + stored);
    }

    private static String describe(ExtensionRecord r) {
        return "extension " + r.symbolicName() + " " + r.version();
    }
}
