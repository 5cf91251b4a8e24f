package org.gatehouse.flow.engine.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.sdk.descriptor.BladeletKind;

/**
 * A flows document, parsed, checked and frozen: settings, authentication and authorization
 * methods, message types in classification order, flows. Every part knows where it was written.
 */
public record FlowsConfig(String source, String document, Settings settings, List<MethodDefinition> methods,
                          List<MessageTypeDefinition> messageTypes, List<FlowDefinition> flows) {
    public FlowsConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(settings, "settings");
        methods = List.copyOf(methods);
        messageTypes = List.copyOf(messageTypes);
        flows = List.copyOf(flows);
    }

    /** No document at all: no message types, so all traffic takes the fast path. */
    public static FlowsConfig empty(Settings settings) {
        return new FlowsConfig("flows.xml", "", settings, List.of(), List.of(), List.of());
    }

    public Optional<FlowDefinition> flow(String name) {
        return flows.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * How steps run and when an extension is quarantined ({@code <settings>}): a step still running
     * {@code runawayGrace} after its deadline interrupted it is a runaway, and an extension with
     * {@code runawayThreads} runaway threads still running gets no new work. Up to
     * {@code extensionQueue} messages wait for one of an extension's {@code extensionConcurrency}
     * slots (0: none waits).
     */
    public record Settings(Duration stepTimeout, int stepThreads, int stepQueue, int extensionConcurrency, int extensionQueue,
                           int quarantineFailures, Duration quarantineWindow, Duration runawayGrace, int runawayThreads,
                           int bodyLimit) {
    }

    /** Where an element starts in its document, for error messages. */
    public record Position(String path, int line, int column) {
        /** {@code flows.xml [12:5] /flows/flow[1]/step[2]: reason}, as schema errors read. */
        public String describe(String source, String reason) {
            return source + (line > 0 ? " [" + line + ":" + column + "]" : "") + " " + path + ": " + reason;
        }
    }

    /** An {@code <authenticator>} or {@code <authorizer>}. */
    public record MethodDefinition(String name, BladeletKind kind, String bladelet, Optional<String> extension,
                                   Map<String, String> parameters, Position position) {
        public MethodDefinition {
            parameters = Map.copyOf(parameters);
        }
    }

    /** One {@code <header>} condition of a match. */
    public record HeaderCondition(String name, Optional<String> regex, boolean present) {
    }

    /** One {@code <match>}: all its conditions must hold. */
    public record MatchDefinition(List<String> listeners, List<String> hosts, List<String> methods,
                                  Optional<String> pathPrefix, Optional<String> pathRegex, List<String> sources,
                                  List<HeaderCondition> headers, List<String> bodyRegexes, List<String> bodyTokens,
                                  Position position) {
        public MatchDefinition {
            listeners = List.copyOf(listeners);
            hosts = List.copyOf(hosts);
            methods = List.copyOf(methods);
            sources = List.copyOf(sources);
            headers = List.copyOf(headers);
            bodyRegexes = List.copyOf(bodyRegexes);
            bodyTokens = List.copyOf(bodyTokens);
        }

        public boolean needsBody() {
            return !bodyRegexes.isEmpty() || !bodyTokens.isEmpty();
        }
    }

    /** One {@code <message-type>}. */
    public record MessageTypeDefinition(String name, String flow, List<MatchDefinition> matches,
                                        List<CredentialLocation> credentials, Position position) {
        public MessageTypeDefinition {
            matches = List.copyOf(matches);
            credentials = List.copyOf(credentials);
        }
    }

    /** One {@code <step>}; {@code name} is the one written or {@code <flow>/<position>}. */
    public record StepDefinition(String name, String bladelet, Optional<String> extension, Optional<Duration> timeout,
                                 Map<String, String> parameters, Position position) {
        public StepDefinition {
            parameters = Map.copyOf(parameters);
        }

        /** {@code bladelet} or {@code extension:bladelet}, as the management view shows it. */
        public String reference() {
            return extension.map(e -> e + ":" + bladelet).orElse(bladelet);
        }
    }

    /** One {@code <flow>}. */
    public record FlowDefinition(String name, Optional<Duration> stepTimeout, List<StepDefinition> steps, Position position) {
        public FlowDefinition {
            steps = List.copyOf(steps);
        }
    }
}
