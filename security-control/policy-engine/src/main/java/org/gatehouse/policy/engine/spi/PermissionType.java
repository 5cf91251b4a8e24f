package org.gatehouse.policy.engine.spi;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One kind of permission (file, socket, a platform bundle's credential store...): how its names
 * and actions are written, and when one permission covers or overlaps another. Built-ins are in
 * the built-in types; platform bundles add their own.
 *
 * <p>{@code implies} decides grants (docs/policy-language.md "Decisions": grants imply the request) and overridable
 * elements (docs/policy-language.md "The merge": lies within); {@code intersects} decides restrictions, which must catch a
 * request or a requested grant that overlaps them even partly. Both take names in canonical form
 * and may be given patterns on both sides.
 *
 * <pre>{@code
 * PermissionType type = registry.require("file");   // the control module's registry
 * type.implies("/data/-", List.of("read"), "/data/a/b", List.of("read")); // true
 * }</pre>
 */
@ConsumerType
public interface PermissionType {

    /** The type's name, as written in the {@code type} attribute of a permission. */
    String name();

    /**
     * The canonical form of a permission written in a policy whose variables are already
     * expanded: name normalised, actions checked against the type's vocabulary and {@code *}
     * replaced by every action.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    Permission canonical(Permission written);

    /**
     * The canonical form of a name reported by the sandbox for a request.
     *
     * @throws IllegalArgumentException when the name cannot be a target of this type
     */
    default String requestName(String name) {
        return name;
    }

    /** Whether everything the request names, with all its actions, lies within the grant. */
    boolean implies(String grantName, List<String> grantActions, String requestName, List<String> requestActions);

    /** Whether some target and action is named by both; an empty action list overlaps any. */
    boolean intersects(String aName, List<String> aActions, String bName, List<String> bActions);

    /** Whether the two action lists share an action, empty meaning "any" (a name-only check). */
    static boolean actionsOverlap(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        for (String action : a) {
            if (b.contains(action)) {
                return true;
            }
        }
        return false;
    }
}
