package org.gatehouse.policy.engine.decision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.policy.engine.spi.Permission;

/**
 * The permissions one policy state grants that another did not, and the ones it revokes, each
 * line {@code <codebase id> <permission>}. Used for swap audit events and merge previews.
 */
public record SnapshotDiff(List<String> granted, List<String> revoked) {

    public SnapshotDiff {
        granted = List.copyOf(granted);
        revoked = List.copyOf(revoked);
    }

    public static SnapshotDiff between(Map<String, List<Permission>> before, Map<String, List<Permission>> after) {
        List<String> granted = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        after.forEach((id, perms) -> missingFrom(id, perms, before.getOrDefault(id, List.of()), granted));
        before.forEach((id, perms) -> missingFrom(id, perms, after.getOrDefault(id, List.of()), revoked));
        return new SnapshotDiff(granted, revoked);
    }

    private static void missingFrom(String id, List<Permission> these, List<Permission> others, List<String> out) {
        Set<Permission> known = new HashSet<>(others);
        for (Permission p : these) {
            if (!known.contains(p)) {
                out.add(id + " " + p);
            }
        }
    }

    public boolean isEmpty() {
        return granted.isEmpty() && revoked.isEmpty();
    }
}
