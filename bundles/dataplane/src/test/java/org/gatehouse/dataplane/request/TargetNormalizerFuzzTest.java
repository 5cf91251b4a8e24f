package org.gatehouse.dataplane.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes the normalizer with arbitrary targets and Host values: it refuses or returns a target
 * that is its own normal form (normalizing again changes nothing), holds no dot segment, no
 * repeated slash, no path parameter (nor an escaped ';'), no escaped slash, no lower-case or
 * unreserved escape, and only the characters the rule table allows; and it never fails any other way.
 */
class TargetNormalizerFuzzTest {
    // possessive quantifiers: the oracle must not overflow the stack on a long target
    private static final Pattern NORMAL_PATH = Pattern.compile("(?:/(?:[A-Za-z0-9\\-._~!$&'()*+,=:@]++|%[0-9A-F]{2})++)*+/?");
    private static final Pattern NORMAL_QUERY = Pattern.compile("(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]++|%[0-9A-F]{2})*+");
    private static final Pattern NORMAL_AUTHORITY = Pattern.compile("([a-z0-9\\-_.]+|\\[[0-9a-f:.]+\\])(:[1-9][0-9]{0,4})?");

    @FuzzTest(maxDuration = "10m")
    void normalFormOrRefusal(FuzzedDataProvider data) {
        String host = data.consumeString(40);
        String target = data.consumeRemainingAsString();
        RequestTarget normal;
        try {
            normal = TargetNormalizer.normalize("http", "GET", target, List.of(host), "HTTP/1.1");
        } catch (TargetRefusal refusal) {
            assertTrue(refusal.status() == 400 || refusal.status() == 501, refusal.getMessage());
            return;
        }
        String path = normal.path();
        assertTrue(NORMAL_PATH.matcher(path).matches(), "path " + path + " of " + target);
        assertFalse(path.contains("//") || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/.."), "dot segments or repeated slashes left in " + path);
        assertFalse(path.contains("%2F") || path.contains("%5C") || path.contains("%3B") || path.contains("%00"),
                "escaped separator, path parameter or NUL in " + path);
        assertTrue(NORMAL_QUERY.matcher(normal.query()).matches(), "query " + normal.query());
        assertTrue(NORMAL_AUTHORITY.matcher(normal.authority()).matches(), "authority " + normal.authority());
        assertNoUnreservedEscape(normal.originForm());
        try {
            assertEquals(normal.originForm(), TargetNormalizer.originForm(normal.originForm()), "normalizing twice");
            assertEquals(normal.authority(), TargetNormalizer.normalize("http", "GET", "/", List.of(normal.authority()),
                    "HTTP/1.1").authority(), "authority normalized twice");
        } catch (TargetRefusal refusal) {
            throw new AssertionError("the normal form " + normal + " is refused: " + refusal.getMessage(), refusal);
        }
    }

    private static void assertNoUnreservedEscape(String text) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            int b = Integer.parseInt(text.substring(i + 1, i + 3), 16);
            assertFalse(PercentCoding.isUnreserved(b), "an unreserved character left escaped in " + text);
        }
    }
}
