package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatehouse.sandbox.agent.census.JdkSecurityChecks;
import org.gatehouse.sandbox.agent.census.JdkSecurityChecks.CallSite;
import org.gatehouse.sandbox.agent.census.ReviewedCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The census of the running JDK's own checks against the agent's hooks and the reviewed list
 * (docs/sandbox.md "What the JDK checked"): a JDK that adds a check, or a hook that goes away,
 * fails here until the call site is hooked or reviewed; a reviewed line that no longer names
 * anything fails too, so the list cannot rot.
 */
class JdkSecurityChecksTest {
    /** Below this many call sites the JDK has dropped the SecurityManager's checks (24+ keeps a handful). */
    private static final int SECURITY_MANAGER_JDK = 100;
    private static List<CallSite> sites;
    private static final List<ReviewedCheck> REVIEWED = ReviewedCheck.load();
    private static final Set<String> HOOKED = HookCatalog.all().stream().map(EntryHook::target).collect(Collectors.toSet());

    @BeforeAll
    static void takeTheCensus() {
        sites = JdkSecurityChecks.scan();
    }

    @Test
    void everyCallSiteIsHookedOrReviewed() {
        List<String> unreviewed = sites.stream()
                .filter(site -> !HOOKED.contains(site.target()))
                .filter(site -> REVIEWED.stream().noneMatch(check -> check.matches(site)))
                .map(CallSite::toString).toList();

        assertEquals(List.of(), unreviewed, "JDK call sites of SecurityManager checks neither hooked nor in "
                + ReviewedCheck.class.getSimpleName() + "'s jdk-checks.txt: hook them or review them there");
    }

    @Test
    void everyReviewedLineStillNamesSomethingOfThisJdk() {
        int feature = Runtime.version().feature();
        List<String> stale;
        if (sites.size() >= SECURITY_MANAGER_JDK) {
            // a JDK with the SecurityManager's checks: each line must still review a call site
            stale = REVIEWED.stream().filter(check -> !check.goneOn(feature))
                    .filter(check -> sites.stream().noneMatch(check::matches)).map(ReviewedCheck::toString).toList();
        } else {
            // the checks are gone (24+), and with them many private helpers that made them: each
            // line must still name a class (or package) of this JDK, so that the list stays right
            // for the 17 it also serves; a class that went away is marked "until"
            Set<String> classes = JdkSecurityChecks.classes();
            stale = REVIEWED.stream().filter(check -> !check.goneOn(feature))
                    .filter(check -> classes.stream().noneMatch(check::matchesClass))
                    .map(ReviewedCheck::toString).toList();
        }
        assertEquals(List.of(), stale, "reviewed lines that name nothing on JDK " + feature);
    }

    @Test
    void theCensusReadsChecksAndTheirPermissions() {
        // the census itself works: the JDK 17 File.exists reads, 25 keeps the jrt file system's check
        CallSite known = sites.stream()
                .filter(site -> site.target().equals("java/io/File.exists()Z")
                        || site.target().equals("jdk/internal/jrtfs/JrtFileSystemProvider.checkPermission()V"))
                .findFirst().orElseThrow();
        assertTrue(known.check().startsWith("SecurityManager.check"), known::toString);
        assertTrue(sites.stream().anyMatch(site -> site.permission().startsWith("java.lang.RuntimePermission \"")),
                "some call site shows the RuntimePermission it constructs");
    }
}
