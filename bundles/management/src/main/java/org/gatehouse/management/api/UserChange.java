package org.gatehouse.management.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.auth.UsersDocument;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.command.PreparedChange;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * One change of the management users over the API (docs/management.md "Users"): a user added
 * or removed, a user's roles replaced, a token issued or revoked. It is worked out from the users
 * in force each time it is rendered and again as it is applied, so what runs is what the
 * content in force allows then; a token is named and given by its SHA-256 only. A change that
 * would leave no security officer is refused: nobody could confirm the next change of the users.
 * Applied, the new content is the element's own write ({@link UsersFile#replace}).
 *
 * @param type one of the {@code user.*} types
 * @param user the user's name
 * @param roles the roles a user is created with or given (empty for the others)
 * @param tokenName the token's name (its {@code description}), for a token
 * @param tokenSha256 the token's SHA-256: the issued one's, or the revoked one's as it was at submission
 */
record UserChange(CommandType type, String user, Set<Role> roles, String tokenName, String tokenSha256, UsersFile users,
                  ManagedObjects objects) implements PreparedChange<String> {

    UserChange {
        if (!type.changesUsers()) {
            throw new IllegalArgumentException("not a change of the users: " + type.wireName());
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    @Override
    public Preview preview() throws Exception {
        return Preview.of(work().lines(), Map.of(ManagedObjects.USERS, objects.usersCount(users)));
    }

    @Override
    public CommandBook.Outcome<String> apply() throws Exception {
        Worked worked = work();
        ManagementUsers next = users.replace(worked.next());
        return new CommandBook.Outcome<>(user, "management users in force: " + next.users().size() + " users, "
                + officers(next) + " security officers");
    }

    private record Worked(List<String> lines, byte[] next) {
    }

    private Worked work() throws ApiException, IOException, XmlDocumentException {
        Optional<byte[]> content = users.content();
        ManagementUsers now = content.isPresent() ? ManagementUsers.read(UsersFile.NAME, content.get()) : new ManagementUsers(List.of());
        UsersDocument document = UsersDocument.of(content);
        Optional<ManagementUser> before = now.users().stream().filter(u -> u.name().equals(user)).findFirst();
        List<String> lines = new ArrayList<>();
        if (type == CommandType.USER_CREATE) {
            if (before.isPresent()) {
                throw conflict("the management user " + user + " exists, with roles " + names(before.get().roles()));
            }
            document.addUser(user, roles);
            lines.add("add the management user " + user + " with roles " + names(roles));
            lines.add("it has no token, certificate, local account or password yet: it cannot sign in until one is issued");
        } else {
            ManagementUser existing = before.orElseThrow(() -> ApiException.notFound("no management user " + user));
            switch (type) {
                case USER_DELETE -> {
                    lines.add("remove the management user " + user + ": roles " + names(existing.roles()) + ", tokens "
                            + tokens(document) + ", " + existing.certificateSubjects().size() + " certificates, "
                            + existing.localAccounts().size() + " local accounts" + (existing.canReauthenticate() ? ", a password" : ""));
                    lines.add("a request with any of its credentials is refused from then on");
                    document.removeUser(user);
                }
                case USER_ROLES_REPLACE -> {
                    if (existing.roles().equals(roles)) {
                        throw conflict("the management user " + user + " has the roles " + names(roles) + " already");
                    }
                    lines.add("roles of the management user " + user + ": " + names(existing.roles()) + "  become  " + names(roles));
                    roles.stream().filter(r -> !existing.roles().contains(r)).sorted().forEach(r -> lines.add("  + " + r.wireName()));
                    existing.roles().stream().filter(r -> !roles.contains(r)).sorted().forEach(r -> lines.add("  - " + r.wireName()));
                    document.setRoles(user, roles);
                }
                case USER_TOKEN_ISSUE -> {
                    issue(now, document);
                    lines.add("issue the bearer token " + tokenName + " to the management user " + user + " (roles "
                            + names(existing.roles()) + "): a request bearing it acts as " + user);
                    lines.add("token SHA-256 " + tokenSha256 + " (the element is given and keeps the SHA-256 only, never the token)");
                }
                case USER_TOKEN_REVOKE -> {
                    revoke(document);
                    lines.add("revoke the bearer token " + tokenName + " of the management user " + user + " (SHA-256 " + tokenSha256
                            + "): a request bearing it is refused from then on");
                }
                default -> throw new IllegalStateException("not a change of the users: " + type.wireName());
            }
        }
        byte[] next = document.bytes();
        ManagementUsers after = ManagementUsers.read(UsersFile.NAME, next);
        if (officers(after) == 0) {
            throw conflict("the change would leave no security officer among the management users, and nobody could confirm the "
                    + "next change of the users (docs/management.md \"Users\")");
        }
        lines.add("management users in force after: " + after.users().size() + " (" + now.users().size() + " now), security officers "
                + officers(after) + " (" + officers(now) + " now)");
        return new Worked(lines, next);
    }

    private void issue(ManagementUsers now, UsersDocument document) throws ApiException {
        if (document.tokenNames(user).contains(tokenName)) {
            throw conflict("the management user " + user + " has a token named " + tokenName + " already; revoke it first");
        }
        byte[] digest = HexFormat.of().parseHex(tokenSha256);
        boolean taken = now.users().stream().flatMap(u -> u.tokenDigests().stream()).anyMatch(d -> Arrays.equals(d, digest));
        if (taken) {
            throw conflict("a token with this SHA-256 is in force already; make a new token");
        }
        document.addToken(user, tokenName, tokenSha256);
    }

    private void revoke(UsersDocument document) throws ApiException {
        String inForce = document.tokenSha256(user, tokenName)
                .orElseThrow(() -> ApiException.notFound("the management user " + user + " has no token named " + tokenName));
        if (!inForce.equals(tokenSha256)) {
            throw conflict("the token " + tokenName + " of " + user + " is another since this change was submitted (SHA-256 " + inForce
                    + ", not " + tokenSha256 + ")");
        }
        document.removeToken(user, tokenName);
    }

    /**
     * Whether a command of this kind that the element stopped in the middle of took effect, from
     * the users in force: every change of them is one write, all or nothing.
     */
    static CommandBook.Finding examine(Command command, ManagementUsers inForce) {
        Optional<ManagementUser> user = inForce.users().stream().filter(u -> u.name().equals(command.target())).findFirst();
        String seen = user.map(u -> "the management user " + u.name() + " is in force with roles " + names(u.roles()))
                .orElse("no management user " + command.target() + " is in force");
        Map<String, String> p = command.parameters();
        return switch (command.type()) {
            case USER_CREATE -> new CommandBook.Finding(user.isPresent(), seen);
            case USER_DELETE -> new CommandBook.Finding(user.isEmpty(), seen);
            case USER_ROLES_REPLACE -> new CommandBook.Finding(user.map(u -> list(u.roles()).equals(p.get("roles")))
                    .orElse(false), seen);
            case USER_TOKEN_ISSUE -> new CommandBook.Finding(holds(inForce, p.get("token.sha256")),
                    "a token with SHA-256 " + p.get("token.sha256") + (holds(inForce, p.get("token.sha256")) ? " is" : " is not") + " in force");
            case USER_TOKEN_REVOKE -> new CommandBook.Finding(!holds(inForce, p.get("token.sha256")),
                    "a token with SHA-256 " + p.get("token.sha256") + (holds(inForce, p.get("token.sha256")) ? " is" : " is not") + " in force");
            default -> throw new IllegalArgumentException("not a change of the users: " + command.type().wireName());
        };
    }

    private static boolean holds(ManagementUsers users, String sha256) {
        byte[] digest = HexFormat.of().parseHex(sha256);
        return users.users().stream().flatMap(u -> u.tokenDigests().stream()).anyMatch(d -> Arrays.equals(d, digest));
    }

    private String tokens(UsersDocument document) {
        List<String> names = document.tokenNames(user).stream().map(n -> n.isEmpty() ? "(unnamed)" : n).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** Roles as a command's parameter names them: {@code admin,auditor}. */
    static String list(Set<Role> roles) {
        return String.join(",", roles.stream().sorted().map(Role::wireName).toList());
    }

    /** Roles as the users file names them, in the order of {@link Role}: {@code [admin, auditor]}. */
    static String names(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).toList().toString();
    }

    private static long officers(ManagementUsers users) {
        return users.users().stream().filter(u -> u.roles().contains(Role.SECURITY_OFFICER)).count();
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, List.of());
    }
}
