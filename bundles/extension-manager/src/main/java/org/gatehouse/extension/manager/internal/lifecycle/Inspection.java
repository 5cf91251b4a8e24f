package org.gatehouse.extension.manager.internal.lifecycle;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.manager.api.UploadPreview;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.MergedPolicy;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.extension.qualification.Condition;
import org.gatehouse.extension.qualification.Qualification;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;

/**
 * What {@link UploadInspector} found about one upload: the staged copy, the qualification with
 * every reason (conditions and dropped permissions included), the descriptor, the codebase, the
 * policy document to install (already narrowed) and its merge preview.
 */
record Inspection(Path staged, Qualification qualification, List<String> reasons, ExtensionDescriptor descriptor,
                  Codebase codebase, Optional<byte[]> policy, MergePreview preview) {
    Inspection {
        reasons = List.copyOf(reasons);
    }

    String symbolicName() {
        return qualification.symbolicName();
    }

    String version() {
        return qualification.version();
    }

    String sha256() {
        return qualification.sha256();
    }

    List<Condition> conditions() {
        return qualification.conditions();
    }

    List<String> granted() {
        return preview.merge().granted().stream().map(MergedPolicy.Grant::permission).toList();
    }

    List<String> rejected() {
        return preview.merge().rejected().stream().map(MergedPolicy.Rejection::toString).toList();
    }

    UploadPreview toPreview(boolean upgrade) {
        return new UploadPreview(symbolicName(), version(), sha256(), qualification.verdict().name(), reasons,
                conditions().stream().map(Condition::describe).toList(), granted(), rejected(), descriptor.names(), upgrade);
    }
}
