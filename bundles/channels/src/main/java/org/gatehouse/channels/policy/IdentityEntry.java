package org.gatehouse.channels.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.channels.identity.InstanceIdentity;
import org.gatehouse.channels.identity.SpiffeId;

/**
 * An identity of the policy: a name for the application instances any one of whose names matches.
 *
 * @param name          the identity's name in the policy
 * @param spiffeIds     SPIFFE IDs matched exactly
 * @param spiffePrefixes SPIFFE IDs matched with everything below them, by whole segments
 * @param subjects      subject DNs matched in canonical form (RFC 4514 attribute order, case and spacing do not matter)
 */
public record IdentityEntry(String name, List<SpiffeId> spiffeIds, List<SpiffeId> spiffePrefixes, List<X500Principal> subjects) {
    public IdentityEntry {
        Objects.requireNonNull(name, "name");
        spiffeIds = List.copyOf(spiffeIds);
        spiffePrefixes = List.copyOf(spiffePrefixes);
        subjects = List.copyOf(subjects);
        if (spiffeIds.isEmpty() && spiffePrefixes.isEmpty() && subjects.isEmpty()) {
            throw new IllegalArgumentException("identity [" + name + "] names no SPIFFE ID and no subject");
        }
    }

    /** True when {@code instance} has one of this identity's names. */
    public boolean matches(InstanceIdentity instance) {
        if (instance.spiffeId().isPresent()) {
            SpiffeId id = instance.spiffeId().get();
            if (spiffeIds.contains(id) || spiffePrefixes.stream().anyMatch(id::isAtOrBelow)) {
                return true;
            }
        }
        String subject = instance.subject().getName(X500Principal.CANONICAL);
        return !subject.isEmpty() && canonicalSubjects().contains(subject);
    }

    private Set<String> canonicalSubjects() {
        return subjects.stream().map(s -> s.getName(X500Principal.CANONICAL)).collect(Collectors.toSet());
    }
}
