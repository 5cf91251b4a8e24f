package org.gatehouse.policy.engine.permission;

import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.engine.spi.NamedPermissionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gatehouse.policy.engine.spi.Permission;

/**
 * {@code socket}: names are {@code host:ports} (see {@link HostPortPattern}); actions
 * {@code connect}, {@code listen}, {@code accept}, {@code resolve}. As with the JDK's socket
 * permission, a grant of connect, listen or accept also grants resolve, and resolve is decided on
 * the host alone.
 */
public final class SocketPermissionType extends NamedPermissionType {
    private static final String RESOLVE = "resolve";

    public SocketPermissionType() {
        super("socket", Set.of("connect", "listen", "accept", RESOLVE));
    }

    @Override
    public Permission canonical(Permission written) {
        return written.withName(HostPortPattern.policy(written.name()).written())
                .withActions(canonicalActions(written.actions()));
    }

    @Override
    public String requestName(String name) {
        return HostPortPattern.request(name).written();
    }

    @Override
    public boolean implies(String grantName, List<String> grantActions, String requestName, List<String> requestActions) {
        if (!withResolve(grantActions).containsAll(requestActions)) {
            return false;
        }
        HostPortPattern grant = HostPortPattern.request(grantName);
        HostPortPattern request = HostPortPattern.request(requestName);
        boolean resolveOnly = !requestActions.isEmpty() && requestActions.stream().allMatch(RESOLVE::equals);
        return request.hostWithin(grant) && (resolveOnly || request.portsWithin(grant));
    }

    @Override
    public boolean intersects(String aName, List<String> aActions, String bName, List<String> bActions) {
        if (!PermissionType.actionsOverlap(aActions, bActions)) {
            return false;
        }
        HostPortPattern a = HostPortPattern.request(aName);
        HostPortPattern b = HostPortPattern.request(bName);
        return a.hostOverlaps(b) && a.portsOverlap(b);
    }

    private static List<String> withResolve(List<String> actions) {
        if (actions.contains(RESOLVE) || actions.isEmpty()) {
            return actions;
        }
        List<String> all = new ArrayList<>(actions);
        all.add(RESOLVE);
        return all;
    }
}
