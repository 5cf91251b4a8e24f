package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.gatehouse.dataplane.request.RequestTarget;
import org.gatehouse.dataplane.request.TargetNormalizer;
import org.gatehouse.dataplane.request.TargetRefusal;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fuzzes the classifier behind the data plane's normalizer with arbitrary targets and Host values,
 * against a message type on {@code path-prefix="/raw/secure"} and one on {@code host="admin.example"}.
 * Whatever a lenient upstream would take for the protected path or host (every escape decoded,
 * backslashes as slashes, path parameters cut, dot segments resolved) is refused by the normalizer
 * or claimed by the protected message type: no spelling walks around it. And the classifier's
 * answer is exactly what the normalized view says.
 */
class ClassifierFuzzTest extends StartedEngineFixture {

    @BeforeEach
    void types() throws Exception {
        String step = "<step bladelet=\"trail\" extension=\"" + EngineFixture.EXTENSION + "\"><param name=\"mark\" value=\"x\"/></step>";
        fixture.replace("  <message-type name=\"secure\" flow=\"f\"><match path-prefix=\"/raw/secure\"/></message-type>\n"
                + "  <message-type name=\"admin\" flow=\"f\"><match host=\"admin.example\"/></message-type>\n"
                + "  <flow name=\"f\">" + step + "</flow>\n");
    }

    @FuzzTest(maxDuration = "10m")
    void noSpellingWalksAroundTheProtectedTypes(FuzzedDataProvider data) {
        String host = data.consumeString(30);
        String target = data.consumeRemainingAsString();
        RequestTarget normal;
        try {
            normal = TargetNormalizer.normalize("http", "GET", target, List.of(host), "HTTP/1.1");
        } catch (TargetRefusal refusal) {
            return; // refused: nothing is classified or forwarded
        }
        MessageTypeMatch match = fixture.engine.classify(TestRequestHead.get(normal.originForm()).authority(normal.authority()));
        String type = match == null ? null : match.messageType();
        boolean securePath = normal.path().startsWith("/raw/secure");
        boolean adminHost = normal.host().equals("admin.example");
        assertEquals(securePath ? "secure" : adminHost ? "admin" : null, type, "classification of " + normal);
        if (lenientPath(target).startsWith("/raw/secure")) {
            assertTrue(securePath, "a lenient reading of " + target + " is protected, the element forwards " + normal);
        }
        if (lenientHost(target, host).equals("admin.example")) {
            assertTrue(adminHost, "a lenient reading of " + target + " / " + host + " names the protected host");
        }
    }

    /** The path as a forgiving server might read it. */
    static String lenientPath(String target) {
        String path = target;
        int scheme = path.indexOf("://");
        if (!path.startsWith("/") && scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        for (char c : new char[] {'?', '#'}) {
            int at = path.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        String decoded = decodeAll(path.substring(0, end)).replace('\\', '/');
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            int parameter = segment.indexOf(';');
            String name = parameter >= 0 ? segment.substring(0, parameter) : segment;
            if (name.equals("..")) {
                segments.pollLast();
            } else if (!name.isEmpty() && !name.equals(".")) {
                segments.addLast(name);
            }
        }
        return "/" + String.join("/", segments);
    }

    static String lenientHost(String target, String host) {
        String authority = host;
        int scheme = target.indexOf("://");
        if (!target.startsWith("/") && scheme >= 0) {
            int end = scheme + 3;
            while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            authority = target.substring(scheme + 3, end);
        }
        String name = decodeAll(authority.trim()).toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        name = colon >= 0 && !name.endsWith("]") ? name.substring(0, colon) : name;
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String decodeAll(String text) {
        byte[] out = new byte[text.length() * 3];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out[n++] = (byte) Integer.parseInt(text.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out[n++] = b;
                }
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
