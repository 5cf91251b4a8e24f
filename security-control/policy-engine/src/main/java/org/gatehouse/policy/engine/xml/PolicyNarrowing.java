package org.gatehouse.policy.engine.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.policy.engine.api.NarrowedPolicy;
import org.gatehouse.policy.engine.api.PermissionDrop;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * Leaves permissions out of an extension policy document, as the {@code drop-permission}
 * conditions of a conditional enable ask (docs/extensions.md "Conditional enable"): the document
 * is read through the policy parser, the permissions a drop names are left out, and the rest is
 * written as a new {@code urn:gatehouse:extension-policy:1} document. Without a drop the document
 * is returned unchanged, byte for byte.
 */
public final class PolicyNarrowing {
    private static final String NAMESPACE = "urn:gatehouse:extension-policy:1";

    private PolicyNarrowing() {
    }

    public static NarrowedPolicy apply(String source, byte[] document, List<PermissionDrop> drops, PermissionTypeRegistry registry)
            throws XmlDocumentException {
        if (drops.isEmpty()) {
            return new NarrowedPolicy(document, List.of());
        }
        ExtensionPolicy policy = new PolicyParser(registry).extensionPolicy(source, document);
        List<Permission> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (PolicyEntry entry : policy.permissions()) {
            Permission p = entry.permission();
            PermissionDrop match = drops.stream().filter(d -> d.matches(p.type(), p.name())).findFirst().orElse(null);
            if (match == null) {
                kept.add(p);
            } else {
                dropped.add("dropped [" + p + "] by " + match.reason());
            }
        }
        return new NarrowedPolicy(write(kept), dropped);
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
