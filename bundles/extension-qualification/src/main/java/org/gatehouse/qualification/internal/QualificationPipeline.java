package org.gatehouse.qualification.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.gatehouse.qualification.ArchiveLimits;
import org.gatehouse.qualification.Qualification;
import org.gatehouse.qualification.QualificationRules;
import org.gatehouse.qualification.SignatureDatabase;
import org.gatehouse.qualification.Upload;

/** The steps of install qualification in their order (SPEC 4). */
public final class QualificationPipeline {
    public QualificationPipeline(ArchiveLimits limits, SignatureDatabase database, QualificationRules rules,
            Set<String> platformSymbolicNames, List<String> allowedImports, Predicate<String> nativeCodeAllowed,
            List<X509Certificate> trustedPublishers, boolean requireSignature, Clock clock) {
    }

    public Qualification qualify(Path jar, Upload upload) throws IOException {
        throw new UnsupportedOperationException("install qualification steps are not implemented yet");
    }
}
