package org.gatehouse.extension.manager.internal.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.policy.engine.api.MergedPolicy;

/** Builds the {@link ExtensionRecord}s the manager stores and shows, one change at a time. */
final class ExtensionRecords {
    private ExtensionRecords() {
    }

    /** The record of an inspected upload, installed now by this uploader. */
    static ExtensionRecord of(Inspection in, ExtensionState state, Uploader uploader) {
        return new ExtensionRecord(in.symbolicName(), in.version(), in.sha256(), state, Instant.now(), uploader.user(),
                in.qualification().verdict().name(), in.reasons(),
                in.policy().map(p -> new String(p, StandardCharsets.UTF_8)), in.granted(), in.rejected(), in.descriptor().names(),
                Optional.empty());
    }

    /** The same record with the permissions of this merge, granted in expanded form and rejected with their reasons. */
    static ExtensionRecord withMerge(ExtensionRecord r, MergedPolicy merge) {
        return new ExtensionRecord(r.symbolicName(), r.version(), r.sha256(), r.state(), r.installedAt(), r.installedBy(),
                r.verdict(), r.qualificationReasons(), r.policy(),
                merge.granted().stream().map(MergedPolicy.Grant::permission).toList(),
                merge.rejected().stream().map(MergedPolicy.Rejection::toString).toList(), r.bladelets(), Optional.empty());
    }

    static ExtensionRecord withState(ExtensionRecord r, ExtensionState state) {
        return new ExtensionRecord(r.symbolicName(), r.version(), r.sha256(), state, r.installedAt(), r.installedBy(), r.verdict(),
                r.qualificationReasons(), r.policy(), r.grantedPermissions(), r.rejectedPermissions(), r.bladelets(), r.failure());
    }

    /** A stored extension the framework does not run, with the reason. */
    static ExtensionRecord failed(ExtensionRecord r, String failure) {
        return new ExtensionRecord(r.symbolicName(), r.version(), r.sha256(), ExtensionState.FAILED, r.installedAt(),
                r.installedBy(), r.verdict(), r.qualificationReasons(), r.policy(), r.grantedPermissions(),
                r.rejectedPermissions(), r.bladelets(), Optional.of(failure));
    }

    /** How errors and logs name an extension: {@code <symbolic name> <version>}. */
    static String what(ExtensionRecord r) {
        return r.symbolicName() + " " + r.version();
    }
}
