package org.gatehouse.management.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.audit.log.internal.FileAuditLog;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.management.api.ElementServices;
import org.gatehouse.policy.engine.api.PolicyService;

/**
 * The in-memory services of the tests, each of which a test can take away (as when its bundle
 * stops), and in whose place a test can put a real flow engine or data plane.
 */
public final class SwitchableServices implements ElementServices {
    public final InMemoryExtensionManager extensions = new InMemoryExtensionManager();
    public final InMemoryFlowService flows = new InMemoryFlowService();
    public final SnapshotPolicyService policies = new SnapshotPolicyService();
    public final FixedDataPlane dataPlane = new FixedDataPlane();
    /** A real audit log in a folder of its own under the temporary folder. */
    public final AuditLog audit = openAuditLog();
    private volatile boolean auditLogRunning = true;
    private volatile boolean extensionManagerRunning = true;
    private volatile boolean flowEngineRunning = true;
    private volatile boolean policyEngineRunning = true;
    private volatile boolean dataPlaneRunning = true;
    private volatile FlowService flowService = flows;
    private volatile DataPlane dataPlaneService = dataPlane;

    public void stopExtensionManager() {
        extensionManagerRunning = false;
    }

    public void stopAuditLog() {
        auditLogRunning = false;
    }

    public void stopPolicyEngine() {
        policyEngineRunning = false;
    }

    public void stopDataPlane() {
        dataPlaneRunning = false;
    }

    public void stopFlowEngine() {
        flowEngineRunning = false;
    }

    /** Serves this flow service (a real flow engine, say) instead of the in-memory one. */
    public void useFlowService(FlowService service) {
        flowService = service;
    }

    /** Serves this data plane (a real one, say) instead of the fixed one. */
    public void useDataPlane(DataPlane plane) {
        dataPlaneService = plane;
    }

    @Override
    public Optional<ExtensionManager> extensionManager() {
        return extensionManagerRunning ? Optional.of(extensions) : Optional.empty();
    }

    @Override
    public Optional<FlowService> flowService() {
        return flowEngineRunning ? Optional.of(flowService) : Optional.empty();
    }

    @Override
    public Optional<PolicyService> policyService() {
        return policyEngineRunning ? Optional.of(policies) : Optional.empty();
    }

    @Override
    public Optional<DataPlane> dataPlane() {
        return dataPlaneRunning ? Optional.of(dataPlaneService) : Optional.empty();
    }

    @Override
    public Optional<AuditLog> auditLog() {
        return auditLogRunning ? Optional.of(audit) : Optional.empty();
    }

    private static AuditLog openAuditLog() {
        try {
            return FileAuditLog.open(Files.createTempDirectory("gatehouse-audit-"), 100, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
