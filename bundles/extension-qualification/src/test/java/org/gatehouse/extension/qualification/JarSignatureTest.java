package org.gatehouse.extension.qualification;

import static org.gatehouse.extension.qualification.ArchiveSafetyTest.UPLOAD;
import static org.gatehouse.extension.qualification.ArchiveSafetyTest.admitEverything;
import static org.gatehouse.extension.qualification.ArchiveSafetyTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 5 (docs/extensions.md "Install qualification"): jars signed with the JDK's JarSigner by publishers certified with Bouncy
 * Castle. A trusted signature names the publisher; a signature that does not verify is denied
 * whether or not signatures are required; a valid signature by an untrusted or expired signer is
 * denied; unsigned jars pass only when signatures are optional.
 */
class JarSignatureTest {
    private static final String PUBLISHER_DN = "CN=Example Publisher,O=Example Corp,C=DE";
    private static final String ENTRY = "com/example/ext/RateLimiter.class";

    private static Authority authority;
    private static Issued publisher;
    private static Issued stranger;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        authority = TestPki.authority("CN=Gatehouse Test Publishers CA,O=Example Corp,C=DE", TestPki.KeyType.RSA);
        publisher = authority.leaf(PUBLISHER_DN);
        stranger = TestPki.authority("CN=Unknown CA,O=Elsewhere", TestPki.KeyType.RSA).leaf("CN=Somebody Else,O=Elsewhere");
    }

    private InstallQualifier.Builder trustingAuthority() throws Exception {
        return InstallQualifier.builder().rules(admitEverything()).trustedPublishers(List.of(authority.certificate()));
    }

    private Path unsigned() throws Exception {
        return TestBundles.bundle("com.example.ext").write(dir.resolve("unsigned.jar"));
    }

    private Path signedBy(Issued identity) throws Exception {
        return TestPki.signJar(unsigned(), dir.resolve("signed.jar"), identity);
    }

    @Test
    void signedByACertifiedPublisherNamesThePublisher() throws Exception {
        Qualification q = trustingAuthority().requireSignature(true).build().qualify(signedBy(publisher), UPLOAD);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
        assertEquals(Optional.of(PUBLISHER_DN), q.publisher());
        assertTrue(q.reasons().contains("signature: verified, publisher [" + PUBLISHER_DN + "]"), q.reasons()::toString);
    }

    @Test
    void publisherCertificateItselfMayBeTheTrustedOne() throws Exception {
        Qualification q = InstallQualifier.builder().rules(admitEverything()).trustedPublishers(List.of(publisher.certificate()))
                .build().qualify(signedBy(publisher), UPLOAD);
        assertEquals(Verdict.ENABLE, q.verdict(), q.reasons()::toString);
    }

    @Test
    void unsignedPassesOnlyWhenSignaturesAreOptional() throws Exception {
        Qualification optional = trustingAuthority().build().qualify(unsigned(), UPLOAD);
        assertEquals(Verdict.ENABLE, optional.verdict(), optional.reasons()::toString);
        assertEquals(Optional.empty(), optional.publisher());
        assertDenied(trustingAuthority().requireSignature(true).build().qualify(unsigned(), UPLOAD),
                "unsigned: the jar carries no signature and signatures are required");
    }

    @Test
    void untrustedPublisherIsDenied() throws Exception {
        Qualification q = trustingAuthority().build().qualify(signedBy(stranger), UPLOAD);
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).startsWith(
                "untrusted publisher: signer [CN=Somebody Else,O=Elsewhere] does not chain to a trusted publisher certificate ("),
                q.reasons()::toString);
    }

    @Test
    void signedJarWithNoTrustedPublishersConfiguredIsDenied() throws Exception {
        Qualification q = InstallQualifier.builder().rules(admitEverything()).build().qualify(signedBy(publisher), UPLOAD);
        assertDenied(q, "untrusted publisher: signer [" + PUBLISHER_DN + "]: no trusted publisher certificates are configured");
    }

    @Test
    void expiredPublisherCertificateIsDenied() throws Exception {
        Path jar = signedBy(publisher);
        Instant afterExpiry = publisher.certificate().getNotAfter().toInstant().plusSeconds(1);
        Qualification q = trustingAuthority().clock(Clock.fixed(afterExpiry, ZoneOffset.UTC)).build().qualify(jar, UPLOAD);
        assertDenied(q, "expired certificate: signer [" + PUBLISHER_DN + "] expired at " + publisher.certificate().getNotAfter().toInstant());
        Instant beforeExpiry = afterExpiry.minusSeconds(2);
        assertEquals(Verdict.ENABLE, trustingAuthority().clock(Clock.fixed(beforeExpiry, ZoneOffset.UTC)).build().qualify(jar, UPLOAD).verdict());
    }

    @Test
    void tamperedEntryIsABadSignatureEvenWhenSignaturesAreOptional() throws Exception {
        Path tampered = TestBundles.rewrite(signedBy(publisher), dir.resolve("tampered.jar"), ENTRY,
                content -> "not really a class, but bytes to SIGN".getBytes(StandardCharsets.UTF_8));
        Qualification q = trustingAuthority().build().qualify(tampered, UPLOAD);
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).startsWith("bad signature: entry [" + ENTRY + "] does not match its signed digest ("),
                q.reasons()::toString);
    }

    @Test
    void alteredSignatureFileDoesNotVerify() throws Exception {
        Path altered = TestBundles.rewrite(signedBy(publisher), dir.resolve("altered.jar"), "META-INF/SIGNER.SF",
                content -> new String(content, StandardCharsets.UTF_8).replace("Created-By: ", "Created-By: x")
                        .getBytes(StandardCharsets.UTF_8));
        String reason = "bad signature: signature block [META-INF/SIGNER.RSA] does not verify against [META-INF/SIGNER.SF]";
        assertDenied(trustingAuthority().build().qualify(altered, UPLOAD), reason);
        assertDenied(trustingAuthority().requireSignature(true).build().qualify(altered, UPLOAD), reason);
    }

    @Test
    void entryAddedAfterSigningIsNotCovered() throws Exception {
        Path grown = TestBundles.append(signedBy(publisher), dir.resolve("grown.jar"), "com/example/ext/Backdoor.class",
                "added later".getBytes(StandardCharsets.UTF_8));
        assertDenied(trustingAuthority().build().qualify(grown, UPLOAD),
                "bad signature: entry [com/example/ext/Backdoor.class] is not covered by the signature of [" + PUBLISHER_DN + "]");
    }

    @Test
    void signatureBlockWithoutItsSignatureFile() throws Exception {
        Path stripped = TestBundles.drop(signedBy(publisher), dir.resolve("stripped.jar"), "META-INF/SIGNER.SF");
        assertDenied(trustingAuthority().build().qualify(stripped, UPLOAD),
                "bad signature: signature block [META-INF/SIGNER.RSA] has no signature file");
    }

    @Test
    void garbageSignatureBlock() throws Exception {
        Path garbage = TestBundles.rewrite(signedBy(publisher), dir.resolve("garbage.jar"), "META-INF/SIGNER.RSA",
                content -> "not pkcs7".getBytes(StandardCharsets.UTF_8));
        Qualification q = trustingAuthority().build().qualify(garbage, UPLOAD);
        assertEquals(Verdict.DENY, q.verdict());
        assertTrue(q.reasons().get(0).startsWith("bad signature: signature block [META-INF/SIGNER.RSA] is not a PKCS#7 signature"),
                q.reasons()::toString);
    }

    @Test
    void rulesMatchThePublisherOnlyWhenItVerified() throws Exception {
        QualificationRules rules = QualificationRules.parse("rules.xml", """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="example-corp" answer="enable" hash-scope="any">
                    <match><publisher>CN=*,O=Example Corp,C=DE</publisher></match>
                  </rule>
                </qualification-rules>
                """.getBytes(StandardCharsets.UTF_8));
        InstallQualifier qualifier = InstallQualifier.builder().rules(rules)
                .trustedPublishers(List.of(authority.certificate(), stranger.chain().get(1))).build();
        assertEquals(Verdict.ENABLE, qualifier.qualify(signedBy(publisher), UPLOAD).verdict());
        Qualification byStranger = qualifier.qualify(signedBy(stranger), UPLOAD);
        assertDenied(byStranger, "no qualification rule matched (sha256 [" + byStranger.sha256() + "] is not in the signature database)");
        assertEquals(Optional.of("CN=Somebody Else,O=Elsewhere"), byStranger.publisher(), "trusted here, but not the publisher the rule names");
        assertEquals(Verdict.DENY, qualifier.qualify(unsigned(), UPLOAD).verdict());
    }
}
