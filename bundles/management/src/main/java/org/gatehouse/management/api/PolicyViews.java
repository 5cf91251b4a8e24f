package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.MergedPolicy;
import org.gatehouse.policy.engine.api.PolicyView;
import org.gatehouse.policy.engine.api.SystemPolicyView;

/**
 * The effective policy as JSON: the system policy (default grants, overridable elements,
 * restrictions, class space, thread budget) and each extension's merge, permissions written
 * {@code type name actions} as in every message of the control module.
 */
final class PolicyViews {
    private PolicyViews() {
    }

    static ObjectNode snapshot(PolicyView s) {
        ObjectNode node = Json.object();
        node.put("generation", s.generation());
        node.set("system", system(s.system()));
        ArrayNode extensions = node.putArray("extensions");
        s.extensions().forEach(m -> extensions.add(merge(m)));
        return node;
    }

    static ObjectNode preview(MergePreview p) {
        ObjectNode node = merge(p.merge());
        ObjectNode change = node.putObject("change");
        change.set("granted", Json.array(p.added()));
        change.set("revoked", Json.array(p.revoked()));
        return node;
    }

    private static ObjectNode system(SystemPolicyView p) {
        ObjectNode node = Json.object();
        node.put("source", p.source());
        node.set("defaultGrants", entries(p.defaultGrants()));
        ArrayNode overridables = node.putArray("overridable");
        for (SystemPolicyView.Overridable o : p.overridable()) {
            ObjectNode element = overridables.addObject();
            element.set("codebases", Json.array(o.codebases()));
            element.set("permissions", entries(o.permissions()));
            element.put("origin", o.origin());
        }
        node.set("restrictions", entries(p.restrictions()));
        node.set("allowedPackages", Json.array(p.allowedPackages()));
        node.put("maxThreadsPerExtension", p.maxThreadsPerExtension());
        return node;
    }

    private static ArrayNode entries(List<SystemPolicyView.Entry> entries) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (SystemPolicyView.Entry e : entries) {
            ObjectNode entry = array.addObject();
            entry.put("permission", e.permission());
            entry.put("origin", e.origin());
        }
        return array;
    }

    private static ObjectNode merge(MergedPolicy m) {
        ObjectNode node = Json.object();
        node.put("codebase", m.codebase().id());
        node.put("location", m.codebase().location());
        node.put("source", m.source());
        ArrayNode granted = node.putArray("granted");
        for (MergedPolicy.Grant g : m.granted()) {
            ObjectNode entry = granted.addObject();
            entry.put("permission", g.permission());
            entry.put("requested", g.requested());
            entry.put("origin", g.origin());
            entry.put("reason", g.reason());
        }
        ArrayNode rejected = node.putArray("rejected");
        for (MergedPolicy.Rejection r : m.rejected()) {
            ObjectNode entry = rejected.addObject();
            entry.put("permission", r.permission());
            entry.put("origin", r.origin());
            entry.put("reason", r.reason());
        }
        return node;
    }
}
