package org.gatehouse.extensions.internal.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.policy.model.ExtensionPolicy;
import org.gatehouse.policy.model.Permission;
import org.gatehouse.policy.model.PolicyEntry;
import org.gatehouse.policy.permission.PermissionTypeRegistry;
import org.gatehouse.policy.xml.PolicyParser;
import org.gatehouse.qualification.Condition;
import org.gatehouse.schemas.XmlDocumentException;

/**
 * Applies the {@code drop-permission} conditions of a conditional enable (docs/extensions.md
 * "Conditional enable") to an extension policy document: the document is read through the policy
 * parser, the permissions a condition names are left out, and the rest is written as a new
 * {@code urn:gatehouse:extension-policy:1} document. Without such a condition the document is
 * returned unchanged, byte for byte.
 */
final class PolicyNarrowing {
    private static final String NAMESPACE = "urn:gatehouse:extension-policy:1";

    /** The document to install and one line per permission dropped. */
    record Narrowed(byte[] document, List<String> dropped) {
        Narrowed {
            dropped = List.copyOf(dropped);
        }
    }

    private PolicyNarrowing() {
    }

    static Narrowed apply(String source, byte[] document, List<Condition> conditions, PermissionTypeRegistry registry)
            throws XmlDocumentException {
        List<Condition> drops = conditions.stream().filter(c -> c.kind() == Condition.Kind.DROP_PERMISSION).toList();
        if (drops.isEmpty()) {
            return new Narrowed(document, List.of());
        }
        ExtensionPolicy policy = new PolicyParser(registry).extensionPolicy(source, document);
        List<Permission> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (PolicyEntry entry : policy.permissions()) {
            Permission p = entry.permission();
            Condition match = drops.stream().filter(c -> matches(c, p)).findFirst().orElse(null);
            if (match == null) {
                kept.add(p);
            } else {
                dropped.add("dropped [" + p + "] by condition " + match.describe());
            }
        }
        return new Narrowed(write(kept), dropped);
    }

    private static boolean matches(Condition condition, Permission permission) {
        return condition.permissionType().equals(permission.type())
                && (Condition.ANY_NAME.equals(condition.permissionName()) || condition.permissionName().equals(permission.name()));
    }

    private static byte[] write(List<Permission> permissions) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<extension-policy xmlns=\"")
                .append(NAMESPACE).append("\">\n");
        for (Permission p : permissions) {
            xml.append("  <permission type=\"").append(escape(p.type())).append("\" name=\"").append(escape(p.name())).append('"');
            if (!p.actions().isEmpty()) {
                xml.append(" actions=\"").append(escape(p.actionList())).append('"');
            }
            xml.append("/>\n");
        }
        return xml.append("</extension-policy>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
