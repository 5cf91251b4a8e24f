package org.gatehouse.management.auth;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One management user: name, roles, the SHA-256 digests of the bearer tokens that authenticate
 * as this user, and the canonical subject names of client certificates that do.
 */
public record ManagementUser(String name, Set<Role> roles, List<byte[]> tokenDigests, List<String> certificateSubjects) {

    public ManagementUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        tokenDigests = tokenDigests.stream().map(byte[]::clone).toList();
        certificateSubjects = List.copyOf(certificateSubjects);
    }

    public boolean hasAnyRole(Set<Role> allowed) {
        return roles.stream().anyMatch(allowed::contains);
    }
}
