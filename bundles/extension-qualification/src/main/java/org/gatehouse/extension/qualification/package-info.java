/**
 * Install qualification (docs/extensions.md "Install qualification"): decides whether an uploaded extension bundle may be installed,
 * before anything reads it as a bundle.
 *
 * <pre>{@code
 * InstallQualifier qualifier = InstallQualifier.builder()
 *         .signatureDatabase(SignatureDatabase.open(dataDir.resolve("signature-database.xml")))
 *         .rules(QualificationRules.read(confDir.resolve("qualification-rules.xml")))
 *         .platformSymbolicNames(Set.of("org.gatehouse.dataplane"))
 *         .build();
 * Qualification q = qualifier.qualify(uploadedJar, new Upload("rate-limiter.jar", "alice", Instant.now()));
 * if (q.verdict() == Verdict.DENY) { ... q.reasons() ... }
 * }</pre>
 */
@Export
@Version("2.0.0")
package org.gatehouse.extension.qualification;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
