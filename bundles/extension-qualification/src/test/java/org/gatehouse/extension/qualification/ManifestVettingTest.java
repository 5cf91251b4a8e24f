package org.gatehouse.extension.qualification;

import static org.gatehouse.extension.qualification.ArchiveSafetyTest.UPLOAD;
import static org.gatehouse.extension.qualification.ArchiveSafetyTest.admitEverything;
import static org.gatehouse.extension.qualification.ArchiveSafetyTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Steps 2 and 3 (docs/extensions.md "Install qualification"): the archive must be an OSGi bundle, and its manifest may not reach
 * into the framework or the platform. Each check is shown denying and, where it can be granted,
 * allowing.
 */
class ManifestVettingTest {
    @TempDir
    Path dir;

    private InstallQualifier.Builder qualifier() throws Exception {
        return InstallQualifier.builder().rules(admitEverything()).platformSymbolicNames(Set.of("com.vendor.platform.core"));
    }

    private Qualification qualify(TestBundles bundle) throws Exception {
        return qualify(bundle, qualifier().build());
    }

    private Qualification qualify(TestBundles bundle, InstallQualifier qualifier) throws Exception {
        return qualifier.qualify(bundle.write(dir.resolve("bundle.jar")), UPLOAD);
    }

    private static TestBundles ext() {
        return TestBundles.bundle("com.example.ext");
    }

    @Test
    void noManifest() throws Exception {
        assertDenied(qualify(ext().withoutManifest()), "not an OSGi bundle: no META-INF/MANIFEST.MF");
    }

    @Test
    void plainJarManifestIsNotABundle() throws Exception {
        assertDenied(qualify(ext().withoutHeader("Bundle-ManifestVersion")),
                "not an OSGi bundle: Bundle-ManifestVersion is [null], expected [2]");
        assertDenied(qualify(ext().header("Bundle-ManifestVersion", "1")),
                "not an OSGi bundle: Bundle-ManifestVersion is [1], expected [2]");
    }

    @Test
    void headerTwiceInTheMainSectionIsDenied() throws Exception {
        // java.util.jar.Manifest would keep one copy silently; the other could be what a framework reads
        String manifest = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: com.example.ext\r\n"
                + "Bundle-Version: 1.0.0\r\nImport-Package: org.gatehouse.sdk\r\nimport-package: org.osgi.framework,\r\n"
                + " org.gatehouse.policy.engine.api\r\n\r\nName: com/example/ext/A.class\r\nImport-Package: in a named section is no header\r\n\r\n";
        assertDenied(qualify(ext().rawManifest(manifest)),
                "not an OSGi bundle: header [import-package] appears twice in the main section of META-INF/MANIFEST.MF");
        String once = manifest.replace("Import-Package: org.gatehouse.sdk\r\n", "");
        assertDenied(qualify(ext().rawManifest(once)), "forbidden import: Import-Package [org.osgi.framework] is not an allowed package "
                + "(allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
    }

    @Test
    void headerNameTheJdkCannotReadIsMalformed() throws Exception {
        String manifest = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle SymbolicName: com.example.ext\r\n\r\n";
        Qualification q = qualify(ext().rawManifest(manifest));
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).startsWith("not an OSGi bundle: META-INF/MANIFEST.MF is malformed: "), q.reasons()::toString);
    }

    @Test
    void symbolicNameAndVersionMustBeValid() throws Exception {
        assertDenied(qualify(ext().withoutHeader("Bundle-SymbolicName")), "not an OSGi bundle: no Bundle-SymbolicName");
        assertDenied(qualify(ext().header("Bundle-SymbolicName", "com.example/../x")),
                "not an OSGi bundle: Bundle-SymbolicName [com.example/../x] is not a valid symbolic name");
        assertDenied(qualify(ext().header("Bundle-SymbolicName", "a.b, c.d")),
                "not an OSGi bundle: Bundle-SymbolicName [a.b, c.d] must name exactly one bundle");
        assertDenied(qualify(ext().withoutHeader("Bundle-Version")), "not an OSGi bundle: no Bundle-Version");
        assertDenied(qualify(ext().header("Bundle-Version", "1.x")),
                "not an OSGi bundle: Bundle-Version [1.x] is not major[.minor[.micro[.qualifier]]]");
        Qualification ok = qualify(ext().header("Bundle-SymbolicName", "com.example.ext;singleton:=true").header("Bundle-Version", "2.0.0.RC1"));
        assertEquals(Verdict.ENABLE, ok.verdict(), ok.reasons()::toString);
        assertEquals("com.example.ext", ok.symbolicName());
        assertEquals("2.0.0.RC1", ok.version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"system.bundle", "org.apache.felix.framework", "system.bundle;extension:=framework"})
    void frameworkExtensionFragments(String host) throws Exception {
        String name = host.split(";")[0];
        String suffix = host.contains("extension:=") ? " with extension:=framework" : "";
        assertDenied(qualify(ext().header("Fragment-Host", host)), "framework extension fragment: Fragment-Host [" + name + "]" + suffix);
    }

    @Test
    void extensionDirectiveOnAnyHostIsAFrameworkExtension() throws Exception {
        assertDenied(qualify(ext().header("Fragment-Host", "com.example.other;extension:=bootclasspath")),
                "framework extension fragment: Fragment-Host [com.example.other] with extension:=bootclasspath");
    }

    @Test
    void fragmentsOfPlatformBundlesAreDeniedFragmentsOfOtherExtensionsAllowed() throws Exception {
        assertDenied(qualify(ext().header("Fragment-Host", "org.gatehouse.dataplane;bundle-version=\"[0.1,1)\"")),
                "fragment of platform bundle: Fragment-Host [org.gatehouse.dataplane]");
        assertDenied(qualify(ext().header("Fragment-Host", "com.vendor.platform.core")),
                "fragment of platform bundle: Fragment-Host [com.vendor.platform.core]");
        assertEquals(Verdict.ENABLE, qualify(ext().header("Fragment-Host", "com.example.base")).verdict());
    }

    @Test
    void requireBundleOnPlatformIsDenied() throws Exception {
        assertDenied(qualify(ext().header("Require-Bundle", "com.example.lib,org.gatehouse.policy-engine;visibility:=reexport")),
                "Require-Bundle on platform bundle [org.gatehouse.policy-engine]");
        assertDenied(qualify(ext().header("Require-Bundle", "system.bundle")), "Require-Bundle on platform bundle [system.bundle]");
        assertEquals(Verdict.ENABLE, qualify(ext().header("Require-Bundle", "com.example.lib")).verdict());
    }

    @Test
    void importsOutsideTheAllowedPackagesAreDenied() throws Exception {
        assertDenied(qualify(ext().header("Import-Package", "org.gatehouse.sdk,org.osgi.framework;version=\"[1.10,2)\"")),
                "forbidden import: Import-Package [org.osgi.framework] is not an allowed package (allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
        assertDenied(qualify(ext().header("Import-Package", "org.gatehouse.sdkx")),
                "forbidden import: Import-Package [org.gatehouse.sdkx] is not an allowed package (allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
        assertDenied(qualify(ext().header("Import-Package", "org.gatehouse.policy.engine.api")),
                "forbidden import: Import-Package [org.gatehouse.policy.engine.api] is not an allowed package"
                        + " (allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
    }

    @Test
    void configuredLibraryPackagesMayBeImported() throws Exception {
        InstallQualifier withLibraries = qualifier()
                .allowedImports(List.of("org.gatehouse.sdk", "org.gatehouse.sdk.*", "com.fasterxml.jackson.*", "org.osgi.framework"))
                .build();
        TestBundles bundle = ext().header("Import-Package", "org.gatehouse.sdk,com.fasterxml.jackson.databind;version=\"[2.22,3)\","
                + "org.osgi.framework;resolution:=optional");
        assertEquals(Verdict.ENABLE, qualify(bundle, withLibraries).verdict());
        assertDenied(qualify(bundle), "forbidden import: Import-Package [com.fasterxml.jackson.databind] is not an allowed package "
                + "(allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
    }

    @Test
    void javaPackagesAreNeverImportedEvenWhenListed() throws Exception {
        InstallQualifier permissive = qualifier().allowedImports(List.of("org.gatehouse.sdk", "java.*")).build();
        assertDenied(qualify(ext().header("Import-Package", "java.lang.reflect"), permissive),
                "forbidden import: Import-Package [java.lang.reflect]: java packages come from the JDK and are never imported");
    }

    @Test
    void dynamicImportsMustStayInsideTheAllowedPackages() throws Exception {
        assertDenied(qualify(ext().header("DynamicImport-Package", "*")),
                "forbidden import: DynamicImport-Package [*] reaches beyond the allowed packages (allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
        assertDenied(qualify(ext().header("DynamicImport-Package", "org.gatehouse.*")),
                "forbidden import: DynamicImport-Package [org.gatehouse.*] reaches beyond the allowed "
                        + "packages (allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)");
        assertEquals(Verdict.ENABLE, qualify(ext().header("DynamicImport-Package", "org.gatehouse.sdk.*,org.gatehouse.sdk")).verdict());
    }

    @Test
    void exportingPlatformPackagesIsSquatting() throws Exception {
        assertDenied(qualify(ext().header("Export-Package", "com.example.ext.api;version=\"1.0\",org.gatehouse.sdk;version=\"9.0\"")),
                "platform package export: Export-Package [org.gatehouse.sdk] squats a platform package");
        assertDenied(qualify(ext().header("Export-Package", "java.util.concurrent")),
                "platform package export: Export-Package [java.util.concurrent] is a JDK package");
        assertEquals(Verdict.ENABLE, qualify(ext().header("Export-Package", "com.example.ext.api;version=\"1.0\"")).verdict());
    }

    @Test
    void platformSymbolicNameIsDenied() throws Exception {
        assertDenied(qualify(TestBundles.bundle("com.vendor.platform.core")),
                "platform symbolic name: Bundle-SymbolicName [com.vendor.platform.core] belongs to the platform");
        assertDenied(qualify(TestBundles.bundle("system.bundle")),
                "platform symbolic name: Bundle-SymbolicName [system.bundle] belongs to the platform");
    }

    @Test
    void nativeCodeOnlyWhereAllowed() throws Exception {
        TestBundles bundle = ext().header("Bundle-NativeCode", "lib/linux-x86_64/libfast.so;osname=Linux;processor=x86-64")
                .entry("lib/linux-x86_64/libfast.so", "ELF...");
        String denied = "native code: [lib/linux-x86_64/libfast.so] (named .so) in [com.example.ext]: native code is not allowed for this "
                + "bundle (qualification rule [admit-all] does not say native-code=\"allowed\")";
        assertDenied(qualify(bundle), denied);

        InstallQualifier allowing = qualifier().nativeCodeAllowed(Set.of("com.example.ext")::contains).build();
        Qualification q = qualify(bundle, allowing);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertTrue(q.reasons().contains("native code: [lib/linux-x86_64/libfast.so] (named .so) allowed for [com.example.ext] "
                + "by configuration"), q.reasons()::toString);

        InstallQualifier allowingSomeoneElse = qualifier().nativeCodeAllowed(Set.of("com.example.other")::contains).build();
        assertDenied(qualify(bundle, allowingSomeoneElse), denied);
    }

    @Test
    void everyViolationIsReportedFirstOneFirst() throws Exception {
        Qualification q = qualify(ext().header("Fragment-Host", "system.bundle").header("Import-Package", "sun.misc")
                .header("Export-Package", "org.gatehouse.internal"));
        assertEquals(Verdict.DENY, q.verdict());
        assertEquals(List.of("framework extension fragment: Fragment-Host [system.bundle]",
                "forbidden import: Import-Package [sun.misc] is not an allowed package (allowed: org.gatehouse.sdk, org.gatehouse.sdk.*)",
                "platform package export: Export-Package [org.gatehouse.internal] squats a platform package"),
                q.reasons().subList(0, 3));
        assertEquals("com.example.ext", q.symbolicName(), "identity is known once the manifest was read");
        assertEquals("", q.sha256(), "denied before hashing");
    }

    @Test
    void quotedValuesMayHoldCommas() throws Exception {
        Qualification q = qualify(ext().header("Import-Package", "org.gatehouse.sdk;version=\"[1.0,2)\";x=\"a;b,c\",org.gatehouse.sdk.flow"));
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
    }

    @Test
    void malformedHeaderIsDenied() throws Exception {
        assertDenied(qualify(ext().header("Import-Package", "org.gatehouse.sdk;version=\"[1.0,2)")),
                "malformed manifest header Import-Package: unterminated quote in [org.gatehouse.sdk;version=\"[1.0,2)]");
    }
}
