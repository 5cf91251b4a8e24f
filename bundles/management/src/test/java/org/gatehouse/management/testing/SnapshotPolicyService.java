package org.gatehouse.management.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.policy.engine.api.PolicyFilePreview;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.decision.ExtensionEntry;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.decision.PolicySnapshot;
import org.gatehouse.policy.engine.decision.SnapshotDiff;
import org.gatehouse.policy.engine.merge.MergeResult;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyNarrowing;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.MergedPolicy;
import org.gatehouse.policy.engine.api.NarrowedPolicy;
import org.gatehouse.policy.engine.api.PermissionDrop;
import org.gatehouse.policy.engine.api.PolicyView;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;

/**
 * A {@link PolicyService} over the control module's real parser and {@link PolicyEngine} (merger,
 * snapshots, swaps, denial counting), without a framework (the OSGi service itself is wired end
 * to end in itest/). The system policy is {@code system-policy.xml} of the test resources; one
 * extension, {@code com.acme.limiter} 1.0.0, has {@code rate-limiter-policy.xml}. Tests make
 * denials with {@code engine().check(...)}; {@link #refresh()} swaps in a new generation.
 */
public final class SnapshotPolicyService implements PolicyService {
    /** The generation in force when the service is made. */
    public static final int INITIAL_GENERATION = 3;
    public static final Codebase LIMITER = Codebase.of("com.acme.limiter", "1.0.0", "gatehouse:extension:com.acme.limiter@1.0.0");

    private final PolicyParser parser = new PolicyParser(PermissionTypeRegistry.builtIns());
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final PolicyEngine engine = new PolicyEngine(audited::add, Clock.systemUTC(), Duration.ofSeconds(10));
    private final SystemPolicy system;
    private final ExtensionPolicy limiter;

    public SnapshotPolicyService() {
        try {
            system = parser.systemPolicy("system-policy.xml", resource("/system-policy.xml"));
            limiter = parser.extensionPolicy("rate-limiter-policy.xml", resource("/rate-limiter-policy.xml"));
        } catch (XmlDocumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        // three swaps, so the element looks as after a few policy changes: the CLI tests in runtime/ show generation 3
        for (int swap = 0; swap < INITIAL_GENERATION; swap++) {
            refresh();
        }
    }

    /** The engine behind this service: checks made on it are counted as the element's denials. */
    public PolicyEngine engine() {
        return engine;
    }

    /** The audit events of the engine (swaps, rejections, denials). */
    public List<AuditEvent> audited() {
        return List.copyOf(audited);
    }

    private static InputStream resource(String name) {
        InputStream in = SnapshotPolicyService.class.getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("test resource missing: " + name));
        }
        return in;
    }

    @Override
    public PolicyView current() {
        return engine.current().view();
    }

    @Override
    public Optional<MergedPolicy> mergedPolicyOf(String codebaseId) {
        return engine.current().merge(codebaseId).map(MergeResult::view);
    }

    @Override
    public MergePreview preview(Codebase codebase, String source, byte[] policyDocument) throws XmlDocumentException {
        return engine.preview(codebase, parser.extensionPolicy(source, policyDocument)).view();
    }

    /** The real merge of the limiter against the system policy, with the named file's content replaced. */
    @Override
    public PolicyFilePreview previewPolicyFile(String name, Optional<byte[]> content) throws XmlDocumentException {
        SystemPolicy nextSystem = system;
        ExtensionPolicy nextLimiter = limiter;
        if (name.equals("system-policy.xml")) {
            nextSystem = parser.systemPolicy(name, new java.io.ByteArrayInputStream(content.orElseThrow()));
        } else if (name.equals("extension-policies/" + LIMITER.symbolicName() + ".xml")) {
            nextLimiter = content.isPresent() ? parser.extensionPolicy(name, content.get()) : ExtensionPolicy.none("none");
        } else if (content.isPresent()) {
            parser.extensionPolicy(name, content.get());
        }
        PolicySnapshot next = PolicySnapshot.build(-1, PermissionTypeRegistry.builtIns(), nextSystem,
                PolicyVariables.of("/opt/gatehouse", "/var/gatehouse", "/opt/gatehouse/conf"), List.of(new ExtensionEntry(LIMITER, nextLimiter)));
        SnapshotDiff diff = SnapshotDiff.between(engine.current().grantsByCodebase(), next.grantsByCodebase());
        return new PolicyFilePreview(name, diff.granted(), diff.revoked());
    }

    @Override
    public NarrowedPolicy narrow(String source, byte[] policyDocument, List<PermissionDrop> drops) throws XmlDocumentException {
        return PolicyNarrowing.apply(source, policyDocument, drops, PermissionTypeRegistry.builtIns());
    }

    @Override
    public Optional<Codebase> extensionOf(Bundle bundle) {
        return Optional.empty();
    }

    @Override
    public Optional<Codebase> extensionOf(ClassLoader loader) {
        return Optional.empty();
    }

    @Override
    public long denials(String codebaseId) {
        return engine.denials().denials(codebaseId);
    }

    @Override
    public Map<String, Long> denialsByCodebase() {
        return engine.denials().byCodebase();
    }

    @Override
    public long swaps() {
        return engine.swaps();
    }

    /** Merges the same policies again and swaps the result in, as the control module does when a policy file changes. */
    @Override
    public long refresh() {
        engine.apply(PermissionTypeRegistry.builtIns(), system,
                PolicyVariables.of("/opt/gatehouse", "/var/gatehouse", "/opt/gatehouse/conf"),
                List.of(new ExtensionEntry(LIMITER, limiter)));
        return engine.current().generation();
    }

    @Override
    public void record(AuditEvent event) {
        audited.add(event);
    }
}
