package org.gatehouse.extension.manager.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One extension in the store: what is installed, from whom, what qualification said, the
 * policy it asked for and the permissions the merge granted and rejected.
 */
public record ExtensionRecord(String symbolicName, String version, String sha256, ExtensionState state,
                              Instant installedAt, String installedBy, String verdict, List<String> qualificationReasons,
                              Optional<String> policy, List<String> grantedPermissions, List<String> rejectedPermissions,
                              List<String> bladelets, Optional<String> failure) {
    public ExtensionRecord {
        qualificationReasons = List.copyOf(qualificationReasons);
        grantedPermissions = List.copyOf(grantedPermissions);
        rejectedPermissions = List.copyOf(rejectedPermissions);
        bladelets = List.copyOf(bladelets);
    }
}
