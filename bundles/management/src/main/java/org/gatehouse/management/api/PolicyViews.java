package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.gatehouse.policy.decision.PolicyPreview;
import org.gatehouse.policy.decision.PolicySnapshot;
import org.gatehouse.policy.merge.GrantedPermission;
import org.gatehouse.policy.merge.MergeResult;
import org.gatehouse.policy.merge.RejectedPermission;
import org.gatehouse.policy.model.Overridable;
import org.gatehouse.policy.model.PolicyEntry;
import org.gatehouse.policy.model.SystemPolicy;

/**
 * The effective policy as JSON: the system policy (default grants, overridable elements,
 * restrictions, class space, thread budget) and each extension's merge, permissions written
 * {@code type name actions} as in every message of the control module.
 */
final class PolicyViews {
    private PolicyViews() {
    }

    static ObjectNode snapshot(PolicySnapshot s) {
        ObjectNode node = Json.object();
        node.put("generation", s.generation());
        node.set("system", system(s.system()));
        ArrayNode extensions = node.putArray("extensions");
        s.merges().values().stream()
                .sorted((a, b) -> a.codebase().id().compareTo(b.codebase().id()))
                .forEach(m -> extensions.add(merge(m)));
        return node;
    }

    static ObjectNode preview(PolicyPreview p) {
        ObjectNode node = merge(p.merge());
        ObjectNode change = node.putObject("change");
        change.set("granted", Json.array(p.change().granted()));
        change.set("revoked", Json.array(p.change().revoked()));
        return node;
    }

    private static ObjectNode system(SystemPolicy p) {
        ObjectNode node = Json.object();
        node.put("source", p.source());
        node.set("defaultGrants", entries(p.defaultGrants()));
        ArrayNode overridables = node.putArray("overridable");
        for (Overridable o : p.overridables()) {
            ObjectNode element = overridables.addObject();
            element.set("codebases", Json.array(o.codebases().stream().map(Object::toString).toList()));
            element.set("permissions", entries(o.permissions()));
            element.put("origin", o.origin());
        }
        node.set("restrictions", entries(p.restrictions()));
        node.set("allowedPackages", Json.array(p.allowedPackages()));
        node.put("maxThreadsPerExtension", p.maxThreadsPerExtension());
        return node;
    }

    private static ArrayNode entries(List<PolicyEntry> entries) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (PolicyEntry e : entries) {
            ObjectNode entry = array.addObject();
            entry.put("permission", e.permission().toString());
            entry.put("origin", e.origin());
        }
        return array;
    }

    private static ObjectNode merge(MergeResult m) {
        ObjectNode node = Json.object();
        node.put("codebase", m.codebase().id());
        node.put("location", m.codebase().location());
        node.put("source", m.source());
        ArrayNode granted = node.putArray("granted");
        for (GrantedPermission g : m.granted()) {
            ObjectNode entry = granted.addObject();
            entry.put("permission", g.effective().toString());
            entry.put("requested", g.requested().permission().toString());
            entry.put("origin", g.requested().origin());
            entry.put("reason", g.reason());
        }
        ArrayNode rejected = node.putArray("rejected");
        for (RejectedPermission r : m.rejected()) {
            ObjectNode entry = rejected.addObject();
            entry.put("permission", r.requested().permission().toString());
            entry.put("origin", r.requested().origin());
            entry.put("reason", r.reason());
        }
        return node;
    }
}
