package org.gatehouse.policy.engine.osgi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.MergedPolicy;
import org.gatehouse.policy.engine.api.NarrowedPolicy;
import org.gatehouse.policy.engine.api.PermissionDrop;
import org.gatehouse.policy.engine.api.PolicyFilePreview;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.PolicyView;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.decision.SnapshotDiff;
import org.gatehouse.policy.engine.merge.MergeResult;
import org.gatehouse.policy.engine.xml.PolicyNarrowing;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;

/** {@link PolicyService} over the engine and the refresher of this framework. */
final class OsgiPolicyService implements PolicyService {
    private final PolicyEngine engine;
    private final PolicyRefresher refresher;
    private final BundleClassifier classifier;
    private final AuditSink audit;

    private final LoaderCodebases loaders;

    OsgiPolicyService(PolicyEngine engine, PolicyRefresher refresher, BundleClassifier classifier, LoaderCodebases loaders,
            AuditSink audit) {
        this.engine = engine;
        this.refresher = refresher;
        this.classifier = classifier;
        this.loaders = loaders;
        this.audit = audit;
    }

    @Override
    public void record(AuditEvent event) {
        audit.record(event);
    }

    @Override
    public void auditEveryUse(String symbolicName, boolean every) {
        engine.uses().cover(symbolicName, every);
    }

    @Override
    public boolean auditsEveryUse(String symbolicName) {
        return engine.uses().covers(symbolicName);
    }

    @Override
    public void recordUse(String symbolicName, AuditEvent event) {
        engine.uses().record(symbolicName, event);
    }

    @Override
    public Map<String, Long> droppedUseEvents() {
        return engine.uses().dropped();
    }

    @Override
    public Optional<Codebase> extensionOf(Bundle bundle) {
        return classifier.isExtension(bundle) ? Optional.of(BundleClassifier.codebaseOf(bundle)) : Optional.empty();
    }

    @Override
    public Optional<Codebase> extensionOf(ClassLoader loader) {
        Attribution who = loaders.attribute(loader);
        return who.kind() == Attribution.Kind.EXTENSION ? Optional.of(who.codebase()) : Optional.empty();
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
        return engine.preview(codebase, new PolicyParser(refresher.registry()).extensionPolicy(source, policyDocument)).view();
    }

    @Override
    public PolicyFilePreview previewPolicyFile(String name, Optional<byte[]> content) throws XmlDocumentException, IOException {
        SnapshotDiff change = refresher.preview(name, content);
        return new PolicyFilePreview(name, change.granted(), change.revoked());
    }

    @Override
    public NarrowedPolicy narrow(String source, byte[] policyDocument, List<PermissionDrop> drops) throws XmlDocumentException {
        return PolicyNarrowing.apply(source, policyDocument, drops, refresher.registry());
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

    @Override
    public long refresh() {
        return refresher.refreshNow();
    }
}
