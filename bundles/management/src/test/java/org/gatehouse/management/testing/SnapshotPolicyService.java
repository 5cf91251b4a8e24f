package org.gatehouse.management.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.policy.api.PolicyService;
import org.gatehouse.policy.decision.ExtensionEntry;
import org.gatehouse.policy.decision.PolicyPreview;
import org.gatehouse.policy.decision.PolicySnapshot;
import org.gatehouse.policy.decision.SnapshotDiff;
import org.gatehouse.policy.merge.MergeResult;
import org.gatehouse.policy.model.Codebase;
import org.gatehouse.policy.model.ExtensionPolicy;
import org.gatehouse.policy.model.PolicyVariables;
import org.gatehouse.policy.model.SystemPolicy;
import org.gatehouse.policy.permission.PermissionTypeRegistry;
import org.gatehouse.policy.xml.PolicyParser;
import org.gatehouse.schemas.XmlDocumentException;
import org.osgi.framework.Bundle;

/**
 * A {@link PolicyService} over the control module's real parser, merger and snapshot, without a
 * framework (the OSGi service itself is wired end to end in itest/). The system policy is
 * {@code system-policy.xml} of the test resources; one extension, {@code com.acme.limiter}
 * 1.0.0, has {@code rate-limiter-policy.xml}.
 */
public final class SnapshotPolicyService implements PolicyService {
    public static final Codebase LIMITER = Codebase.of("com.acme.limiter", "1.0.0", "gatehouse:extension:com.acme.limiter@1.0.0");

    private final PolicyParser parser = new PolicyParser(PermissionTypeRegistry.builtIns());
    private final PolicySnapshot snapshot;

    public SnapshotPolicyService() {
        try {
            SystemPolicy system = parser.systemPolicy("system-policy.xml", resource("/system-policy.xml"));
            ExtensionPolicy limiter = parser.extensionPolicy("rate-limiter-policy.xml", resource("/rate-limiter-policy.xml"));
            snapshot = PolicySnapshot.build(3, PermissionTypeRegistry.builtIns(), system,
                    PolicyVariables.of("/opt/gatehouse", "/var/gatehouse", "/opt/gatehouse/conf"),
                    List.of(new ExtensionEntry(LIMITER, limiter)));
        } catch (XmlDocumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SnapshotPolicyService.class.getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("test resource missing: " + name));
        }
        return in;
    }

    @Override
    public PolicySnapshot current() {
        return snapshot;
    }

    @Override
    public PolicyPreview preview(Codebase codebase, String source, byte[] policyDocument) throws XmlDocumentException {
        ExtensionPolicy policy = parser.extensionPolicy(source, policyDocument);
        MergeResult merge = snapshot.merger().merge(codebase, policy);
        Map<String, List<org.gatehouse.policy.model.Permission>> after = new HashMap<>(snapshot.grantsByCodebase());
        after.put(codebase.id(), merge.grantedPermissions());
        return new PolicyPreview(merge, SnapshotDiff.between(snapshot.grantsByCodebase(), after));
    }

    @Override
    public Codebase codebaseOf(Bundle bundle) {
        throw new UnsupportedOperationException("no bundles in this test");
    }

    @Override
    public boolean isExtension(Bundle bundle) {
        return false;
    }

    @Override
    public long denials(String codebaseId) {
        return 0;
    }

    @Override
    public long refresh() {
        return snapshot.generation();
    }
}
