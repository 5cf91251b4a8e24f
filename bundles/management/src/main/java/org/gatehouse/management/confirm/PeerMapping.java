package org.gatehouse.management.confirm;

import java.io.IOException;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.gatehouse.management.auth.LocalAccount;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.management.auth.ManagementUsers;

/**
 * Which management user a peer of the local confirmation socket is: the one user whose
 * {@code <local-account>} names the peer's uid, or an account name whose uid it is (looked up at
 * each connection). No such user, or more than one, is a refusal whose message says what to add
 * or remove in {@code management-users.xml}.
 */
final class PeerMapping {

    /** The user a peer is, or why it is none. */
    sealed interface Result {
        /** Exactly one user. */
        record Mapped(ManagementUser user) implements Result {
        }

        /** No user or several; {@code code} is {@code no_user} or {@code several_users}. */
        record Refused(String code, String message) implements Result {
        }
    }

    private PeerMapping() {
    }

    static Result map(PeerCredentials peer, ManagementUsers users, UserPrincipalLookupService lookup) {
        List<ManagementUser> mapped = new ArrayList<>();
        List<String> how = new ArrayList<>();
        for (ManagementUser user : users.users()) {
            for (LocalAccount account : user.localAccounts()) {
                boolean match;
                try {
                    match = matches(peer, account, lookup);
                } catch (IOException e) {
                    return new Result.Refused("no_user", "cannot look up the local account " + account + " of management user "
                            + user.name() + ": " + e.getMessage());
                }
                if (match) {
                    if (mapped.isEmpty() || mapped.get(mapped.size() - 1) != user) {
                        mapped.add(user);
                    }
                    how.add(user.name() + " (local-account " + account + ")");
                }
            }
        }
        if (mapped.size() == 1) {
            return new Result.Mapped(mapped.get(0));
        }
        if (mapped.isEmpty()) {
            return new Result.Refused("no_user", peer + " is no management user: add " + suggestion(peer)
                    + " to the one user it is in management-users.xml");
        }
        return new Result.Refused("several_users", peer + " is several management users: "
                + how.stream().collect(Collectors.joining(", ")) + "; keep its <local-account> on one user only in management-users.xml");
    }

    private static boolean matches(PeerCredentials peer, LocalAccount account, UserPrincipalLookupService lookup) throws IOException {
        if (account instanceof LocalAccount.Uid uid) {
            return uid.uid() == peer.uid();
        }
        return peer.isAccount(((LocalAccount.Named) account).name(), lookup);
    }

    private static String suggestion(PeerCredentials peer) {
        String byUid = "<local-account uid=\"" + peer.uid() + "\"/>";
        boolean hasName = !peer.accountName().equals(Long.toString(peer.uid()));
        return hasName ? "<local-account name=\"" + peer.accountName() + "\"/> or " + byUid : byUid;
    }
}
