package org.gatehouse.management.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One management user: name, roles, the SHA-256 digests of the bearer tokens that authenticate
 * as this user, the canonical subject names of client certificates that do, the local
 * accounts that are this user on the local confirmation socket, and the password hash and TOTP
 * secret with which the user re-authenticates on the confirmation listener (both or neither).
 */
public record ManagementUser(String name, Set<Role> roles, List<byte[]> tokenDigests, List<String> certificateSubjects,
                             List<LocalAccount> localAccounts, Optional<PasswordHash> password, Optional<TotpSecret> totp) {

    public ManagementUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        tokenDigests = tokenDigests.stream().map(byte[]::clone).toList();
        certificateSubjects = List.copyOf(certificateSubjects);
        localAccounts = List.copyOf(localAccounts);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(totp, "totp");
        if (password.isPresent() != totp.isPresent()) {
            throw new IllegalArgumentException("user " + name + ": a password and a TOTP secret go together");
        }
    }

    /** A user without re-authentication factors. */
    public ManagementUser(String name, Set<Role> roles, List<byte[]> tokenDigests, List<String> certificateSubjects,
                          List<LocalAccount> localAccounts) {
        this(name, roles, tokenDigests, certificateSubjects, localAccounts, Optional.empty(), Optional.empty());
    }

    /** A user with no local account. */
    public ManagementUser(String name, Set<Role> roles, List<byte[]> tokenDigests, List<String> certificateSubjects) {
        this(name, roles, tokenDigests, certificateSubjects, List.of());
    }

    /** Whether the user can re-authenticate (a password and a TOTP secret). */
    public boolean canReauthenticate() {
        return password.isPresent() && totp.isPresent();
    }

    public boolean hasAnyRole(Set<Role> allowed) {
        return roles.stream().anyMatch(allowed::contains);
    }
}
