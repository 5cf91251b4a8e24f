package org.gatehouse.extension.qualification;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.gatehouse.extension.qualification.internal.QualificationPipeline;

/**
 * Qualifies an uploaded extension bundle before it is installed (docs/extensions.md "Install qualification"), in this order,
 * stopping at the first hard failure:
 * <ol>
 *   <li>archive safety: size, zip at all, entry count, inflated size and ratio measured while
 *       inflating, entry names (traversal), duplicates; nested archives (one level) and native
 *       libraries found by content and name, and hashed, in the same pass;</li>
 *   <li>it is an OSGi bundle: manifest, Bundle-ManifestVersion 2, symbolic name and version;</li>
 *   <li>manifest vetting: no framework extensions, no fragments of or Require-Bundle on platform
 *       bundles, imports only from allowed packages, no platform exports, every file
 *       Bundle-NativeCode names present;</li>
 *   <li>SHA-256 of the file and of each nested file looked up in the {@link SignatureDatabase};</li>
 *   <li>JAR signature verification (a signature that does not verify always denies);</li>
 *   <li>the {@link QualificationRules}: first match answers, none denies; the admitting rule must
 *       allow native code when there is any, and under its hash scope and reference groups hold
 *       for each nested file too.</li>
 * </ol>
 * Thread-safe; configuration is fixed at build time (the signature database it holds may change).
 *
 * <pre>{@code
 * InstallQualifier qualifier = InstallQualifier.builder()
 *         .signatureDatabase(database).rules(rules)
 *         .platformSymbolicNames(Set.of("org.gatehouse.dataplane"))
 *         .build();
 * }</pre>
 */
public final class InstallQualifier {
    /** Packages an extension may import unless configured otherwise: the SDK and its subpackages. */
    public static final List<String> DEFAULT_ALLOWED_IMPORTS = List.of("org.gatehouse.sdk", "org.gatehouse.sdk.*");

    private final QualificationPipeline pipeline;

    private InstallQualifier(Builder builder) {
        this.pipeline = new QualificationPipeline(builder.limits, builder.database, builder.rules,
                builder.platformSymbolicNames, builder.allowedImports, builder.nativeCodeAllowed,
                builder.trustedPublishers, builder.requireSignature, builder.clock);
    }

    /** A builder with the defaults: default limits, SDK-only imports, no native code, signatures optional. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Qualifies {@code jar}. The caller must keep the file unchanged while this runs (it is read
     * more than once). Never throws for a bad bundle: that is a {@link Verdict#DENY} with reasons.
     *
     * @throws IOException when the file cannot be read at all (missing, unreadable)
     */
    public Qualification qualify(Path jar, Upload upload) throws IOException {
        return pipeline.qualify(Objects.requireNonNull(jar, "jar"), Objects.requireNonNull(upload, "upload"));
    }

    /** Collects the configuration of an {@link InstallQualifier}. Not thread-safe. */
    public static final class Builder {
        private ArchiveLimits limits = ArchiveLimits.DEFAULTS;
        private SignatureDatabase database = SignatureDatabase.inMemory();
        private QualificationRules rules = QualificationRules.NONE;
        private Set<String> platformSymbolicNames = Set.of();
        private List<String> allowedImports = DEFAULT_ALLOWED_IMPORTS;
        private Predicate<String> nativeCodeAllowed = symbolicName -> false;
        private List<X509Certificate> trustedPublishers = List.of();
        private boolean requireSignature;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder archiveLimits(ArchiveLimits value) {
            this.limits = Objects.requireNonNull(value, "archiveLimits");
            return this;
        }

        public Builder signatureDatabase(SignatureDatabase value) {
            this.database = Objects.requireNonNull(value, "signatureDatabase");
            return this;
        }

        public Builder rules(QualificationRules value) {
            this.rules = Objects.requireNonNull(value, "rules");
            return this;
        }

        /** Symbolic names of the platform's bundles; names starting {@code org.gatehouse.} are platform anyway. */
        public Builder platformSymbolicNames(Set<String> value) {
            this.platformSymbolicNames = Set.copyOf(value);
            return this;
        }

        /**
         * Packages an extension may import, replacing the default. {@code a.b} allows exactly that
         * package, {@code a.b.*} its subpackages. {@code java.*} is never importable.
         */
        public Builder allowedImports(Collection<String> value) {
            this.allowedImports = List.copyOf(value);
            return this;
        }

        /**
         * Which bundles (by symbolic name) may carry native code whatever rule admits them; none by
         * default. A rule with {@code native-code="allowed"} allows it for the bundles it admits.
         */
        public Builder nativeCodeAllowed(Predicate<String> bySymbolicName) {
            this.nativeCodeAllowed = Objects.requireNonNull(bySymbolicName, "nativeCodeAllowed");
            return this;
        }

        /** Certificates a signer must chain to (trust anchors of path validation). */
        public Builder trustedPublishers(Collection<X509Certificate> value) {
            this.trustedPublishers = List.copyOf(value);
            return this;
        }

        /** When true, unsigned jars are denied. A signature that does not verify is denied either way. */
        public Builder requireSignature(boolean value) {
            this.requireSignature = value;
            return this;
        }

        /** The clock certificate validity is judged against; the system UTC clock by default. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public InstallQualifier build() {
            return new InstallQualifier(this);
        }
    }
}
