package org.gatehouse.flow.engine.internal.classify;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.flow.engine.internal.config.AddressBlock;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.HeaderCondition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MatchDefinition;

/**
 * One {@code <match>} ready to test: each condition given must hold. The head conditions run on
 * the event loop and allocate nothing; the body
 * conditions run once the body has been read.
 */
final class CompiledMatch {
    private final String[] hosts;
    private final String[] methods;
    private final String pathPrefix;
    private final Pattern pathRegex;
    private final AddressBlock[] sources;
    private final HeaderTest[] headers;
    private final Pattern[] bodyRegexes;
    private final byte[][] bodyTokens;

    private record HeaderTest(String name, Pattern regex, boolean present) {
    }

    CompiledMatch(MatchDefinition definition) {
        hosts = definition.hosts().stream().map(HostPattern::canonical).toArray(String[]::new);
        methods = definition.methods().toArray(new String[0]);
        pathPrefix = definition.pathPrefix().orElse(null);
        pathRegex = definition.pathRegex().map(Pattern::compile).orElse(null);
        sources = definition.sources().stream().map(AddressBlock::parse).toArray(AddressBlock[]::new);
        List<HeaderCondition> conditions = definition.headers();
        headers = conditions.stream()
                .map(h -> new HeaderTest(h.name(), h.regex().map(Pattern::compile).orElse(null), h.present()))
                .toArray(HeaderTest[]::new);
        bodyRegexes = definition.bodyRegexes().stream().map(Pattern::compile).toArray(Pattern[]::new);
        bodyTokens = definition.bodyTokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    boolean needsBody() {
        return bodyRegexes.length > 0 || bodyTokens.length > 0;
    }

    boolean matchesHead(RequestHead head) {
        return methodMatches(head.method()) && hostMatches(head.authority()) && pathMatches(head.path())
                && sourceMatches(head.remoteAddress()) && headersMatch(head);
    }

    private boolean methodMatches(String method) {
        if (methods.length == 0) {
            return true;
        }
        for (String m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean hostMatches(String authority) {
        if (hosts.length == 0) {
            return true;
        }
        int length = HostPattern.hostLength(authority);
        for (String pattern : hosts) {
            if (HostPattern.hostMatches(authority, length, pattern)) {
                return true;
            }
        }
        return false;
    }

    /** On the data plane's normalized path: the one every decision and the upstream see. */
    private boolean pathMatches(String path) {
        if (pathPrefix != null && !path.startsWith(pathPrefix)) {
            return false;
        }
        return pathRegex == null || pathRegex.matcher(path).matches();
    }

    private boolean sourceMatches(InetSocketAddress remote) {
        if (sources.length == 0) {
            return true;
        }
        if (remote == null || remote.getAddress() == null) {
            return false;
        }
        for (AddressBlock block : sources) {
            if (block.contains(remote.getAddress())) {
                return true;
            }
        }
        return false;
    }

    private boolean headersMatch(RequestHead head) {
        for (HeaderTest test : headers) {
            if (!headerMatches(head, test)) {
                return false;
            }
        }
        return true;
    }

    private static boolean headerMatches(RequestHead head, HeaderTest test) {
        if (test.regex() == null) {
            return (head.header(test.name()) != null) == test.present();
        }
        for (String value : head.headerValues(test.name())) {
            if (test.regex().matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The body conditions; {@code text} decodes the body once for every regular expression. */
    boolean matchesBody(ByteBuffer body, BodyText text) {
        for (byte[] token : bodyTokens) {
            if (!contains(body, token)) {
                return false;
            }
        }
        for (Pattern regex : bodyRegexes) {
            if (!regex.matcher(text.get()).find()) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(ByteBuffer body, byte[] token) {
        int base = body.position();
        int last = body.limit() - token.length;
        outer:
        for (int i = base; i <= last; i++) {
            for (int j = 0; j < token.length; j++) {
                if (body.get(i + j) != token[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The body decoded as UTF-8 on first use. */
    static final class BodyText {
        private final ByteBuffer body;
        private String text;

        BodyText(ByteBuffer body) {
            this.body = body;
        }

        String get() {
            if (text == null) {
                text = StandardCharsets.UTF_8.decode(body.duplicate()).toString();
            }
            return text;
        }
    }
}
