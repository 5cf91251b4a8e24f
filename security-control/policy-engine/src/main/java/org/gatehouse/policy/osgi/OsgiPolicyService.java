package org.gatehouse.policy.osgi;

import java.util.Map;
import org.gatehouse.policy.api.PolicyService;
import org.gatehouse.policy.audit.AuditEvent;
import org.gatehouse.policy.audit.AuditSink;
import org.gatehouse.policy.decision.PolicyEngine;
import org.gatehouse.policy.decision.PolicyPreview;
import org.gatehouse.policy.decision.PolicySnapshot;
import org.gatehouse.policy.model.Codebase;
import org.gatehouse.policy.xml.PolicyParser;
import org.gatehouse.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;

/** {@link PolicyService} over the engine and the refresher of this framework. */
final class OsgiPolicyService implements PolicyService {
    private final PolicyEngine engine;
    private final PolicyRefresher refresher;
    private final BundleClassifier classifier;
    private final AuditSink audit;

    OsgiPolicyService(PolicyEngine engine, PolicyRefresher refresher, BundleClassifier classifier, AuditSink audit) {
        this.engine = engine;
        this.refresher = refresher;
        this.classifier = classifier;
        this.audit = audit;
    }

    @Override
    public void record(AuditEvent event) {
        audit.record(event);
    }

    @Override
    public PolicySnapshot current() {
        return engine.current();
    }

    @Override
    public PolicyPreview preview(Codebase codebase, String source, byte[] policyDocument) throws XmlDocumentException {
        return engine.preview(codebase, new PolicyParser(refresher.registry()).extensionPolicy(source, policyDocument));
    }

    @Override
    public Codebase codebaseOf(Bundle bundle) {
        return BundleClassifier.codebaseOf(bundle);
    }

    @Override
    public boolean isExtension(Bundle bundle) {
        return classifier.isExtension(bundle);
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
