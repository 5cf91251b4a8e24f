package org.gatehouse.extension.qualification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.gatehouse.test.support.osgi.BundleJars;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Boots a real Felix with the real Jackson, Woodstox, Bouncy Castle, policy-schemas and platform-files bundles,
 * installs this bundle from {@code target/classes} (bnd has written its manifest there by the
 * time tests run), and qualifies a signed jar through it: rules parsed by Jackson inside the
 * framework, the signature verified by the Bouncy Castle bundle, the database written to disk.
 */
class QualificationBundleFrameworkTest {
    private static final String PACKAGE = "org.gatehouse.extension.qualification.";

    @TempDir
    Path dir;

    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();

    @Test
    void qualifiesASignedJarInsideTheFramework() throws Exception {
        Bundle qualification = boot();
        Authority authority = TestPki.authority("CN=Framework Test CA", TestPki.KeyType.RSA);
        Issued publisher = authority.leaf("CN=Framework Publisher,O=Example Corp");
        Path jar = TestPki.signJar(TestBundles.bundle("com.example.ext").write(dir.resolve("u.jar")), dir.resolve("s.jar"), publisher);

        Object rules = type(qualification, "QualificationRules").getMethod("parse", String.class, byte[].class).invoke(null, "rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="example-corp" answer="conditional-enable">
                    <match><reference-group>vendor-approved</reference-group><publisher>*,O=Example Corp</publisher></match>
                    <extra-audit/>
                  </rule>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8));
        Object database = type(qualification, "SignatureDatabase").getMethod("open", Path.class).invoke(null, dir.resolve("db.xml"));
        Object builder = type(qualification, "InstallQualifier").getMethod("builder").invoke(null);
        Class<?> builderType = builder.getClass();
        builderType.getMethod("rules", rules.getClass()).invoke(builder, rules);
        builderType.getMethod("signatureDatabase", database.getClass()).invoke(builder, database);
        builderType.getMethod("trustedPublishers", Collection.class).invoke(builder, List.of(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(authority.certificate().getEncoded()))));
        builderType.getMethod("requireSignature", boolean.class).invoke(builder, true);
        Object qualifier = builderType.getMethod("build").invoke(builder);

        Object denied = qualify(qualification, qualifier, jar);
        assertEquals("DENY", denied.getClass().getMethod("verdict").invoke(denied).toString());
        String sha256 = (String) denied.getClass().getMethod("sha256").invoke(denied);

        Class<?> entryType = type(qualification, "SignatureEntry");
        Object entry = entryType.getConstructor(String.class, List.class, String.class, String.class, Instant.class)
                .newInstance(sha256, List.of("vendor-approved"), "", "admin", Instant.now());
        database.getClass().getMethod("put", entryType).invoke(database, entry);
        assertTrue(Files.readString(dir.resolve("db.xml")).contains(sha256));

        Object admitted = qualify(qualification, qualifier, jar);
        assertEquals("CONDITIONAL_ENABLE", admitted.getClass().getMethod("verdict").invoke(admitted).toString(),
                () -> "reasons: " + invoke(admitted, "reasons"));
        assertEquals(Optional.of("CN=Framework Publisher,O=Example Corp"), invoke(admitted, "publisher"));
    }

    private static Object qualify(Bundle qualification, Object qualifier, Path jar) throws Exception {
        Class<?> uploadType = type(qualification, "Upload");
        Object upload = uploadType.getConstructor(String.class, String.class, Instant.class).newInstance("s.jar", "alice", Instant.now());
        return qualifier.getClass().getMethod("qualify", Path.class, uploadType).invoke(qualifier, jar, upload);
    }

    private static Object invoke(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> type(Bundle bundle, String simpleName) throws ClassNotFoundException {
        Class<?> type = bundle.loadClass(PACKAGE + simpleName);
        assertTrue(type.getClassLoader() != QualificationBundleFrameworkTest.class.getClassLoader(), "loaded from the bundle, not the class path");
        return type;
    }

    private Bundle boot() throws Exception {
        TestFramework framework = frameworks.start(dir.resolve("felix"));
        List<Path> bundles = new ArrayList<>();
        for (String marker : List.of("com.fasterxml.jackson.annotation.JsonProperty", "com.fasterxml.jackson.core.JsonParser",
                "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.dataformat.xml.XmlMapper",
                "org.codehaus.stax2.XMLStreamReader2", "com.ctc.wstx.stax.WstxInputFactory",
                "org.bouncycastle.jce.provider.BouncyCastleProvider",
                "org.bouncycastle.asn1.bsi.BSIObjectIdentifiers", "org.bouncycastle.cms.CMSSignedData",
                "org.gatehouse.policy.schemas.XmlDocumentReader", "org.gatehouse.platform.files.AtomicFile")) {
            // a jar, or a module's target/classes inside a reactor build
            bundles.add(BundleJars.of(marker));
        }
        bundles.add(BundleJars.moduleClasses());
        List<Bundle> installed = framework.installAndStart(bundles);
        Bundle qualification = installed.get(installed.size() - 1);
        assertEquals(Bundle.ACTIVE, qualification.getState(), "the qualification bundle resolves with its real imports");
        return qualification;
    }
}
