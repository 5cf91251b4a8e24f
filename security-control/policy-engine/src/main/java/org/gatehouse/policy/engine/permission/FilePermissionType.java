package org.gatehouse.policy.engine.permission;

import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.engine.spi.NamedPermissionType;
import java.util.List;
import java.util.Set;
import org.gatehouse.policy.engine.spi.Permission;

/**
 * {@code file}: names are absolute paths, {@code /dir/*} or {@code /dir/-} (see {@link FilePattern});
 * actions {@code read}, {@code write}, {@code delete}, {@code execute}. Written on plain strings,
 * not on {@code java.io.FilePermission} (deprecated for removal).
 */
public final class FilePermissionType extends NamedPermissionType {

    public FilePermissionType() {
        super("file", Set.of("read", "write", "delete", "execute"));
    }

    @Override
    public Permission canonical(Permission written) {
        FilePattern pattern = FilePattern.policy(written.name());
        return written.withName(pattern.written()).withActions(canonicalActions(written.actions()));
    }

    @Override
    public String requestName(String name) {
        return FilePattern.normalizeRequest(name);
    }

    @Override
    public boolean implies(String grantName, List<String> grantActions, String requestName, List<String> requestActions) {
        return grantActions.containsAll(requestActions)
                && FilePattern.parse(requestName).within(FilePattern.parse(grantName));
    }

    @Override
    public boolean intersects(String aName, List<String> aActions, String bName, List<String> bActions) {
        return PermissionType.actionsOverlap(aActions, bActions)
                && FilePattern.parse(aName).overlaps(FilePattern.parse(bName));
    }
}
