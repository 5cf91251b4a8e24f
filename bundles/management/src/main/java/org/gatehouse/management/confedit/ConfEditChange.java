package org.gatehouse.management.confedit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.management.api.ElementServices;
import org.gatehouse.management.api.FlowsPreview;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.PreparedChange;
import org.gatehouse.management.qualification.QualificationFiles;
import org.gatehouse.policy.engine.api.PolicyFilePreview;
import org.gatehouse.policy.engine.api.PolicyService;

/**
 * A file of the conf folder edited by hand, as a change (docs/management.md "Hand edits"): it
 * holds the bytes seen on disk (never the file read again), renders what putting them in force
 * would change the way the change of that kind over the API renders (the policy merge preview for
 * a policy file, the flows preview for {@code flows.xml}, a line diff with secrets masked and the
 * users added, removed or changed for {@code management-users.xml}), and once confirmed puts them
 * in force through the path that change takes. Content that does not read fails the preview, so
 * the command is aborted at submission with the reader's {@code [line:col]}.
 *
 * <p>Applying records the content in force first and then has the owner load it; the owner's own
 * write then finds it in force and leaves the file as it is, so an edit made since stays on disk
 * (and is a command of its own). When the owner refuses, the previous content in force is recorded
 * again: nothing changes.
 */
final class ConfEditChange implements PreparedChange<String> {
    static final String SYSTEM_POLICY = "system-policy.xml";
    static final String EXTENSION_POLICIES = "extension-policies";
    static final String FLOWS = "flows.xml";

    private final String name;
    private final Optional<byte[]> staged;
    private final String facts;
    private final InForceLedger ledger;
    private final ElementServices services;
    private final UsersFile users;
    private final Consumer<ConfEditChange> ended;
    private volatile String commandId;

    ConfEditChange(String name, Optional<byte[]> staged, String facts, InForceLedger ledger, ElementServices services, UsersFile users,
                   Consumer<ConfEditChange> ended) {
        this.name = name;
        this.staged = staged;
        this.facts = facts;
        this.ledger = ledger;
        this.services = services;
        this.users = users;
        this.ended = ended;
    }

    /** The files this change knows how to put in force. */
    static boolean gated(String name) {
        return name.equals(SYSTEM_POLICY) || name.equals(FLOWS) || name.equals(UsersFile.NAME) || QualificationFiles.gated(name)
                || name.startsWith(EXTENSION_POLICIES + "/") && name.endsWith(".xml");
    }

    String name() {
        return name;
    }

    Optional<byte[]> staged() {
        return staged;
    }

    void submittedAs(String id) {
        commandId = id;
    }

    Optional<String> commandId() {
        return Optional.ofNullable(commandId);
    }

    @Override
    public Preview preview() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("edited by hand on the host: conf/" + name + (facts.isEmpty() ? "" : " (" + facts + ")"));
        Optional<byte[]> inForce = ledger.inForce(name);
        lines.add("content as seen: " + describe(staged) + "; in force now: " + describe(inForce));
        lines.addAll(effects(inForce));
        lines.add("when not confirmed, the content in force stays and conf/" + name + " stays as edited, differing from it");
        return Preview.of(lines, Map.of());
    }

    private List<String> effects(Optional<byte[]> inForce) throws Exception {
        if (name.equals(UsersFile.NAME)) {
            return usersEffects(inForce);
        }
        if (name.equals(FLOWS)) {
            return FlowsPreview.lines(services.requireFlowService(), FLOWS, staged.orElseThrow());
        }
        if (QualificationFiles.gated(name)) {
            // read as the extension manager reads it: content that does not read is refused here, with its [line:col]
            return QualificationFiles.differences(name, inForce, staged);
        }
        List<String> lines = new ArrayList<>();
        if (name.equals(SYSTEM_POLICY)) {
            lines.add(staged.isPresent() ? "put this system policy in force" : "put the vendor default system policy in force");
        } else {
            String symbolicName = symbolicName();
            Optional<ExtensionRecord> installed = installed(symbolicName);
            if (installed.isPresent() && staged.isEmpty()) {
                throw new IllegalStateException("the policy of the installed extension " + symbolicName + " is not removed by deleting "
                        + "conf/" + name + "; replace it (gatehouse ext policy) or remove the extension");
            }
            lines.add(installed.map(r -> (staged.isPresent() ? "replace the policy of " : "") + r.symbolicName() + " " + r.version()
                    + " (" + r.state().name().toLowerCase(Locale.ROOT) + ")")
                    .orElse((staged.isPresent() ? "keep this policy for " : "remove the policy kept for ") + symbolicName
                            + ", no extension of that name is installed"));
        }
        PolicyFilePreview merge = services.requirePolicyService().previewPolicyFile(name, staged);
        lines.add("grants added:" + (merge.granted().isEmpty() ? " none" : ""));
        merge.granted().forEach(p -> lines.add("  + " + p));
        lines.add("grants revoked:" + (merge.revoked().isEmpty() ? " none" : ""));
        merge.revoked().forEach(p -> lines.add("  - " + p));
        return lines;
    }

    private List<String> usersEffects(Optional<byte[]> inForce) throws Exception {
        ManagementUsers next = ManagementUsers.read(UsersFile.NAME, staged.orElseThrow());
        ManagementUsers now = inForce.isPresent() ? ManagementUsers.read(UsersFile.NAME, inForce.get()) : new ManagementUsers(List.of());
        List<String> lines = new ArrayList<>();
        lines.add("put these management users in force (" + next.users().size() + " users; " + now.users().size() + " now)");
        for (ManagementUser u : next.users()) {
            Optional<ManagementUser> before = now.users().stream().filter(b -> b.name().equals(u.name())).findFirst();
            if (before.isEmpty()) {
                lines.add("+ user " + u.name() + ": " + describe(u));
            } else if (!describe(before.get()).equals(describe(u)) || !sameSecrets(before.get(), u)) {
                lines.add("~ user " + u.name() + ": " + describe(before.get()) + "  becomes  " + describe(u)
                        + (sameSecrets(before.get(), u) ? "" : " (credentials changed)"));
            }
        }
        now.users().stream().filter(b -> next.users().stream().noneMatch(u -> u.name().equals(b.name())))
                .forEach(b -> lines.add("- user " + b.name() + ": " + describe(b)));
        lines.add("the file, line by line (secrets shown as ***):");
        LineDiff.between(inForce.orElse(new byte[0]), staged.get()).forEach(l -> lines.add("  " + l));
        return lines;
    }

    private static String describe(ManagementUser u) {
        return "roles " + u.roles().stream().map(Role::wireName).sorted().toList() + ", " + u.tokenDigests().size() + " tokens, "
                + u.certificateSubjects().size() + " certificates, " + u.localAccounts().size() + " local accounts"
                + (u.password().isPresent() ? ", a password" : "") + (u.totp().isPresent() ? ", a TOTP secret" : "");
    }

    private static boolean sameSecrets(ManagementUser a, ManagementUser b) {
        return a.tokenDigests().size() == b.tokenDigests().size()
                && IntStream.range(0, a.tokenDigests().size()).allMatch(i -> Arrays.equals(a.tokenDigests().get(i), b.tokenDigests().get(i)))
                && a.password().equals(b.password()) && a.totp().equals(b.totp())
                && a.certificateSubjects().equals(b.certificateSubjects()) && a.localAccounts().equals(b.localAccounts());
    }

    @Override
    public CommandBook.Outcome<String> apply() throws Exception {
        Optional<byte[]> previous = ledger.inForce(name);
        if (name.equals(UsersFile.NAME)) {
            ManagementUsers next = users.putInForce(staged.orElseThrow());
            return outcome(next.users().size() + " management users");
        }
        if (QualificationFiles.gated(name)) {
            QualificationFiles.differences(name, previous, staged); // read once more: only content that reads goes in force
            ledger.commit(name, staged);
            return outcome("install qualification reads it from the next upload on");
        }
        PolicyService policies = services.requirePolicyService();
        FlowService flows = name.equals(FLOWS) ? services.requireFlowService() : null;
        String symbolicName = name.equals(SYSTEM_POLICY) || name.equals(FLOWS) ? null : symbolicName();
        Optional<ExtensionManager> manager = symbolicName == null ? Optional.empty() : services.extensionManager();
        boolean installed = symbolicName != null && manager.flatMap(m -> m.get(symbolicName)).isPresent();
        ledger.commit(name, staged);
        try {
            if (flows != null) {
                return outcome("flows generation " + flows.replace(FLOWS, staged.orElseThrow()).generation());
            }
            if (installed) {
                ExtensionRecord r = manager.orElseThrow().replacePolicy(symbolicName, staged.orElseThrow(),
                        new Uploader(Command.HOST, "conf/" + name));
                return outcome(r.symbolicName() + " " + r.version() + ": " + r.grantedPermissions().size() + " permissions granted, "
                        + r.rejectedPermissions().size() + " rejected");
            }
            return outcome("policy generation " + policies.refresh());
        } catch (Exception | Error e) {
            // the owner refused it: the content in force before stays in force
            ledger.commit(name, previous);
            throw e;
        }
    }

    private CommandBook.Outcome<String> outcome(String what) {
        return new CommandBook.Outcome<>(name, "conf/" + name + " in force (" + describe(staged) + "): " + what);
    }

    @Override
    public void discard() {
        ended.accept(this);
    }

    private String symbolicName() {
        return name.substring(EXTENSION_POLICIES.length() + 1, name.length() - ".xml".length());
    }

    private Optional<ExtensionRecord> installed(String symbolicName) {
        return services.extensionManager().flatMap(m -> m.get(symbolicName));
    }

    static String describe(Optional<byte[]> content) {
        return content.map(c -> "SHA-256 " + InForceLedger.sha256(c) + ", " + c.length + " bytes").orElse("no file");
    }

    static String sha256(Optional<byte[]> content) {
        return content.map(InForceLedger::sha256).orElse("absent");
    }

    /** Whether this change's command is the pending one for the file with this content. */
    boolean holds(Optional<byte[]> content) {
        return InForceLedger.same(staged, content);
    }
}
