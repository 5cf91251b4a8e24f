package org.gatehouse.policy.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A permission type whose names are dotted or free-form strings with an optional trailing
 * {@code *} and whose actions come from a fixed vocabulary (property, runtime, reflect, process,
 * native, osgi, and most custom types). A type with no actions (runtime, reflect) is decided on
 * its name alone.
 *
 * <pre>{@code
 * registry.with(new NamedPermissionType("credential-store", Set.of("read", "use")));
 * }</pre>
 */
public class NamedPermissionType implements PermissionType {
    private final String name;
    private final Set<String> actions;

    public NamedPermissionType(String name, Set<String> actions) {
        this.name = Objects.requireNonNull(name, "name");
        this.actions = Set.copyOf(new TreeSet<>(actions));
    }

    @Override
    public String name() {
        return name;
    }

    /** The actions this type knows; empty when it takes none. */
    public Set<String> actions() {
        return actions;
    }

    @Override
    public Permission canonical(Permission written) {
        NamePattern.check(name, written.name());
        return written.withActions(canonicalActions(written.actions()));
    }

    /** Checks actions against the vocabulary and expands {@code *}. */
    protected List<String> canonicalActions(List<String> written) {
        if (actions.isEmpty()) {
            if (!written.isEmpty()) {
                throw new IllegalArgumentException(name + " permissions take no actions, found [" + String.join(",", written) + "]");
            }
            return written;
        }
        if (written.isEmpty()) {
            throw new IllegalArgumentException(name + " permission needs actions: one or more of " + vocabulary() + ", or *");
        }
        List<String> canonical = new ArrayList<>();
        for (String action : written) {
            if (action.equals("*")) {
                canonical.addAll(actions);
            } else if (actions.contains(action)) {
                canonical.add(action);
            } else {
                throw new IllegalArgumentException("unknown action [" + action + "] for type " + name + "; expected one of " + vocabulary() + ", or *");
            }
        }
        return canonical;
    }

    private String vocabulary() {
        return String.join(", ", new TreeSet<>(actions));
    }

    @Override
    public boolean implies(String grantName, List<String> grantActions, String requestName, List<String> requestActions) {
        return NamePattern.implies(grantName, requestName) && grantActions.containsAll(requestActions);
    }

    @Override
    public boolean intersects(String aName, List<String> aActions, String bName, List<String> bActions) {
        return NamePattern.intersects(aName, bName) && PermissionType.actionsOverlap(aActions, bActions);
    }

    @Override
    public String toString() {
        return name;
    }
}
