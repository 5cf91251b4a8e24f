package org.gatehouse.management.api;

import java.util.Optional;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.policy.engine.api.PolicyService;

/**
 * The platform services the API calls, each present only while its bundle runs. A route whose
 * service is missing answers 503 rather than the whole API going away; health reports which are there.
 */
public interface ElementServices {

    Optional<ExtensionManager> extensionManager();

    Optional<FlowService> flowService();

    Optional<PolicyService> policyService();

    Optional<DataPlane> dataPlane();

    /** The tamper-evident audit log; a change that cannot be recorded in it is refused. */
    Optional<AuditLog> auditLog();

    default ExtensionManager requireExtensionManager() throws ApiException {
        return extensionManager().orElseThrow(() -> ApiException.serviceUnavailable("the extension manager"));
    }

    default FlowService requireFlowService() throws ApiException {
        return flowService().orElseThrow(() -> ApiException.serviceUnavailable("the flow engine"));
    }

    default AuditLog requireAuditLog() throws ApiException {
        return auditLog().orElseThrow(() -> ApiException.serviceUnavailable("the audit log"));
    }

    default PolicyService requirePolicyService() throws ApiException {
        return policyService().orElseThrow(() -> ApiException.serviceUnavailable("the policy engine"));
    }
}
