package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gatehouse.extension.manager.api.ExtensionConditions;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.UploadPreview;
import org.gatehouse.flow.engine.api.ExtensionHealth;

/** Extensions, previews and extension health as JSON. */
final class ExtensionViews {
    private ExtensionViews() {
    }

    static ObjectNode record(ExtensionRecord r) {
        ObjectNode node = Json.object();
        node.put("symbolicName", r.symbolicName());
        node.put("version", r.version());
        node.put("sha256", r.sha256());
        node.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
        node.put("installedAt", r.installedAt().toString());
        node.put("installedBy", r.installedBy());
        node.put("verdict", r.verdict());
        node.set("qualificationReasons", Json.array(r.qualificationReasons()));
        node.put("policy", r.policy().orElse(null));
        node.set("grantedPermissions", Json.array(r.grantedPermissions()));
        node.set("rejectedPermissions", Json.array(r.rejectedPermissions()));
        node.set("bladelets", Json.array(r.bladelets()));
        node.put("failure", r.failure().orElse(null));
        return node;
    }

    /**
     * The record with the conditions of its conditional enable and where it stands with them: the
     * end of an enable limited in time and, once the element disabled it, why (docs/extensions.md
     * "Conditional enable").
     */
    static ObjectNode record(ExtensionRecord r, ExtensionConditions c) {
        ObjectNode node = record(r);
        node.set("conditions", Json.array(c.conditions()));
        node.put("auditEveryUse", c.auditEveryUse());
        node.put("enabledUntil", c.enabledUntil().map(Object::toString).orElse(null));
        node.put("disabledBecause", c.disabledBecause().orElse(null));
        return node;
    }

    static ObjectNode preview(UploadPreview p) {
        ObjectNode node = Json.object();
        node.put("symbolicName", p.symbolicName());
        node.put("version", p.version());
        node.put("sha256", p.sha256());
        node.put("verdict", p.verdict());
        node.set("reasons", Json.array(p.reasons()));
        node.set("conditions", Json.array(p.conditions()));
        node.set("grantedPermissions", Json.array(p.grantedPermissions()));
        node.set("rejectedPermissions", Json.array(p.rejectedPermissions()));
        node.set("bladelets", Json.array(p.bladelets()));
        node.put("upgrade", p.upgrade());
        return node;
    }

    static ObjectNode health(ExtensionHealth h) {
        ObjectNode node = Json.object();
        node.put("version", h.version());
        node.put("inFlight", h.inFlight());
        node.put("completed", h.completed());
        node.put("failures", h.failures());
        node.put("timeouts", h.timeouts());
        node.put("quarantined", h.quarantined());
        node.put("quarantinedAt", h.quarantinedAt().map(Object::toString).orElse(null));
        node.put("lastFailure", h.lastFailure().orElse(null));
        return node;
    }
}
