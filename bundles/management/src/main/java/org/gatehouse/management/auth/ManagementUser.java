package org.gatehouse.management.auth;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One management user: name, roles, the SHA-256 digests of the bearer tokens that authenticate
 * as this user, the canonical subject names of client certificates that do, and the local
 * accounts that are this user on the local confirmation socket.
 */
public record ManagementUser(String name, Set<Role> roles, List<byte[]> tokenDigests, List<String> certificateSubjects,
                             List<LocalAccount> localAccounts) {

    public ManagementUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        tokenDigests = tokenDigests.stream().map(byte[]::clone).toList();
        certificateSubjects = List.copyOf(certificateSubjects);
        localAccounts = List.copyOf(localAccounts);
    }

    /** A user with no local account. */
    public ManagementUser(String name, Set<Role> roles, List<byte[]> tokenDigests, List<String> certificateSubjects) {
        this(name, roles, tokenDigests, certificateSubjects, List.of());
    }

    public boolean hasAnyRole(Set<Role> allowed) {
        return roles.stream().anyMatch(allowed::contains);
    }
}
