package org.gatehouse.extension.manager.api;

import java.util.List;

/**
 * What an upload would become, nothing installed: its identity and hash, the qualification
 * verdict ({@code ENABLE}, {@code CONDITIONAL_ENABLE}, {@code DENY}) with every reason and
 * condition, the permissions the merge would grant and reject (with the rule or restriction
 * naming why), and its bladelets.
 */
public record UploadPreview(String symbolicName, String version, String sha256, String verdict, List<String> reasons,
                            List<String> conditions, List<String> grantedPermissions, List<String> rejectedPermissions,
                            List<String> bladelets, boolean upgrade) {
    public UploadPreview {
        reasons = List.copyOf(reasons);
        conditions = List.copyOf(conditions);
        grantedPermissions = List.copyOf(grantedPermissions);
        rejectedPermissions = List.copyOf(rejectedPermissions);
        bladelets = List.copyOf(bladelets);
    }
}
