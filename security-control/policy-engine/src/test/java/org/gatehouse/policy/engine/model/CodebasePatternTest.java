package org.gatehouse.policy.engine.model;

import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.Version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodebasePatternTest {

    @Test
    void versionRangesFollowOsgi() {
        VersionRange range = VersionRange.parse("[1.0,2.0)");
        assertTrue(range.includes(Version.parse("1.0.0")));
        assertTrue(range.includes(Version.parse("1.9.9.zzz")));
        assertFalse(range.includes(Version.parse("2.0.0")));
        assertFalse(VersionRange.parse("(1.0,2.0]").includes(Version.parse("1.0")));
        assertTrue(VersionRange.parse("(1.0,2.0]").includes(Version.parse("2.0")));
        assertTrue(VersionRange.parse("1.5").includes(Version.parse("9.0")));
        assertFalse(VersionRange.parse("1.5").includes(Version.parse("1.4.9")));
        assertTrue(Version.parse("1.0.0.a").compareTo(Version.parse("1.0.0")) > 0);
        assertEquals("not an OSGi version: [1.x]", assertThrows(IllegalArgumentException.class, () -> Version.parse("1.x")).getMessage());
    }

    @Test
    void symbolicNameGlobsAreLiteralExceptForStar() {
        CodebasePattern acme = CodebasePattern.symbolicName("com.acme.*");
        assertTrue(acme.matches(Codebase.of("com.acme.limiter", "1", "x")));
        assertFalse(acme.matches(Codebase.of("com.acmex.limiter", "1", "x")));
        assertFalse(CodebasePattern.symbolicName("com.a.e").matches(Codebase.of("com.acme", "1", "x")), "'.' is not a regex wildcard");
        assertTrue(CodebasePattern.any().matches(Codebase.of("anything", "0", "x")));
    }

    @Test
    void signerPatternNeedsASigner() {
        CodebasePattern signed = new CodebasePattern(Glob.of("*"), VersionRange.ANY, Optional.empty(), Optional.of(Glob.of("CN=Acme*")));
        assertTrue(signed.matches(new Codebase("a", Version.ZERO, "x", List.of("CN=Other", "CN=Acme Ltd"))));
        assertFalse(signed.matches(new Codebase("a", Version.ZERO, "x", List.of())));
    }

    @Test
    void variablesExpandPerCodebaseAndUnknownOnesAreErrors() {
        PolicyVariables vars = PolicyVariables.of("/opt/gh/", "/var/gh", "/opt/gh/conf").forCodebase(Codebase.of("com.acme.x", "1", "l"));
        assertEquals("/var/gh/extensions/com.acme.x/cache", vars.expand("${extension.data}/cache"));
        assertEquals("/opt/gh/bundles", vars.expand("${gatehouse.home}/bundles"));
        assertEquals("unknown variable ${user.home} in [${user.home}/x]",
                assertThrows(IllegalArgumentException.class, () -> vars.expand("${user.home}/x")).getMessage());
    }
}
