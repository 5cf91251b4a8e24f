package org.gatehouse.policy.osgi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.policy.api.AuditEvent;
import org.gatehouse.policy.api.AuditSink;
import org.gatehouse.policy.api.Codebase;
import org.gatehouse.policy.api.MergePreview;
import org.gatehouse.policy.api.MergedPolicy;
import org.gatehouse.policy.api.NarrowedPolicy;
import org.gatehouse.policy.api.PermissionDrop;
import org.gatehouse.policy.api.PolicyFilePreview;
import org.gatehouse.policy.api.PolicyService;
import org.gatehouse.policy.api.PolicyView;
import org.gatehouse.policy.decision.PolicyEngine;
import org.gatehouse.policy.decision.SnapshotDiff;
import org.gatehouse.policy.merge.MergeResult;
import org.gatehouse.policy.xml.PolicyNarrowing;
import org.gatehouse.policy.xml.PolicyParser;
import org.gatehouse.schemas.XmlDocumentException;
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
