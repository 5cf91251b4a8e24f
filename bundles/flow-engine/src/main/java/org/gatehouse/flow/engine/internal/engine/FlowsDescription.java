package org.gatehouse.flow.engine.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gatehouse.flow.engine.api.FlowDifference;
import org.gatehouse.flow.engine.internal.config.FlowsConfig;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.FlowDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.HeaderCondition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MatchDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MessageTypeDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Settings;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.sdk.descriptor.BladeletKind;

/**
 * A flows document as a list of facts, each an aspect of a part with one value, and the
 * differences between two such lists ({@link org.gatehouse.flow.engine.api.FlowService#differences}). Every
 * component of {@link FlowsConfig} but the positions (where a part was written) is a fact, so a
 * change of anything the engine acts on is a difference, and a change of form only is none: the
 * facts are of the document as read (schema defaults in, attribute order and spacing gone). A
 * parameter's value is withheld when its bladelet declares it secret, and also when the bladelet
 * cannot be looked at now or does not declare it: nothing then says it is not a secret.
 *
 * <p>Values that hold several fields (a match, a credential location) quote each field, a quote
 * or backslash in it escaped, so no value can pass for more conditions than it has.
 */
final class FlowsDescription {
    private static final String SECRET_MARK = "\u0000secret:";

    private FlowsDescription() {
    }

    /** Whether a parameter's value must not be shown: {@code kind} of bladelet, from {@code extension} or built in. */
    @FunctionalInterface
    interface Secrets {
        boolean secret(BladeletKind kind, Optional<String> extension, String bladelet, String parameter);
    }

    /** One aspect of a part of the document and its value (raw, even when secret: it never leaves this class). */
    record Fact(String part, String aspect, String value, boolean secret) {
        private String key() {
            return part + "\n" + aspect;
        }
    }

    static List<Fact> of(FlowsConfig config, Secrets secrets) {
        List<Fact> facts = new ArrayList<>();
        settings(facts, config.settings());
        for (MethodDefinition m : config.methods()) {
            String part = m.kind().xmlName() + " " + m.name();
            facts.add(new Fact(part, "bladelet", reference(m.extension(), m.bladelet()), false));
            parameters(facts, part, "", m.parameters(), p -> secrets.secret(m.kind(), m.extension(), m.bladelet(), p));
        }
        if (!config.messageTypes().isEmpty()) {
            facts.add(new Fact("message types", "order", config.messageTypes().stream().map(MessageTypeDefinition::name)
                    .collect(Collectors.joining(", ")), false));
        }
        for (MessageTypeDefinition t : config.messageTypes()) {
            String part = "message type " + t.name();
            facts.add(new Fact(part, "flow", t.flow(), false));
            t.matches().forEach(match -> facts.add(new Fact(part, "match", match(match), false)));
            if (!t.credentials().isEmpty()) {
                facts.add(new Fact(part, "credentials", t.credentials().stream().map(FlowsDescription::location)
                        .collect(Collectors.joining("; ")), false));
            }
        }
        for (FlowDefinition f : config.flows()) {
            String part = "flow " + f.name();
            facts.add(new Fact(part, "steps", f.steps().stream().map(StepDefinition::reference).collect(Collectors.joining(" -> ")), false));
            f.stepTimeout().ifPresent(d -> facts.add(new Fact(part, "step-timeout", duration(d), false)));
            for (int i = 0; i < f.steps().size(); i++) {
                StepDefinition s = f.steps().get(i);
                String step = "step " + (i + 1) + " ";
                facts.add(new Fact(part, step + "name", s.name(), false));
                s.timeout().ifPresent(d -> facts.add(new Fact(part, step + "timeout", duration(d), false)));
                parameters(facts, part, step, s.parameters(), p -> secrets.secret(BladeletKind.STEP, s.extension(), s.bladelet(), p));
            }
        }
        return facts;
    }

    private static void settings(List<Fact> facts, Settings s) {
        String part = "settings";
        facts.add(new Fact(part, "step-timeout", duration(s.stepTimeout()), false));
        facts.add(new Fact(part, "step-threads", Integer.toString(s.stepThreads()), false));
        facts.add(new Fact(part, "step-queue", Integer.toString(s.stepQueue()), false));
        facts.add(new Fact(part, "extension-concurrency", Integer.toString(s.extensionConcurrency()), false));
        facts.add(new Fact(part, "extension-queue", Integer.toString(s.extensionQueue()), false));
        facts.add(new Fact(part, "quarantine-failures", Integer.toString(s.quarantineFailures()), false));
        facts.add(new Fact(part, "quarantine-window", duration(s.quarantineWindow()), false));
        facts.add(new Fact(part, "runaway-grace", duration(s.runawayGrace()), false));
        facts.add(new Fact(part, "runaway-threads", Integer.toString(s.runawayThreads()), false));
        facts.add(new Fact(part, "body-limit", Integer.toString(s.bodyLimit()), false));
    }

    private static void parameters(List<Fact> facts, String part, String prefix, Map<String, String> parameters,
                                   java.util.function.Predicate<String> secret) {
        new TreeMap<>(parameters).forEach((name, value) -> facts.add(new Fact(part, prefix + "param " + name, value, secret.test(name))));
    }

    private static String reference(Optional<String> extension, String bladelet) {
        return extension.map(e -> e + ":" + bladelet).orElse(bladelet);
    }

    /** A match as its conditions, in the schema's order; an empty match claims everything. */
    static String match(MatchDefinition m) {
        List<String> fields = new ArrayList<>();
        list(fields, "listener", m.listeners());
        list(fields, "host", m.hosts());
        list(fields, "methods", m.methods());
        m.pathPrefix().ifPresent(p -> fields.add(field("path-prefix", p)));
        m.pathRegex().ifPresent(p -> fields.add(field("path-regex", p)));
        list(fields, "source", m.sources());
        for (HeaderCondition h : m.headers()) {
            fields.add("header(" + field("name", h.name()) + h.regex().map(r -> " " + field("regex", r)).orElse("")
                    + (h.present() ? "" : " present=\"false\"") + ")");
        }
        m.bodyRegexes().forEach(r -> fields.add(field("body-regex", r)));
        m.bodyTokens().forEach(t -> fields.add(field("body-token", t)));
        return fields.isEmpty() ? "(any message)" : String.join(" ", fields);
    }

    private static void list(List<String> fields, String name, List<String> values) {
        if (!values.isEmpty()) {
            fields.add(field(name, String.join(" ", values)));
        }
    }

    private static String location(CredentialLocation location) {
        StringBuilder shown = new StringBuilder(location.kind());
        new TreeMap<>(location.attributes()).forEach((name, value) -> shown.append(' ').append(field(name, value)));
        return shown.toString();
    }

    private static String field(String name, String value) {
        return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A duration as a flows document writes it: the largest unit that holds it exactly. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * What changes from {@code before} to {@code after}: per aspect of a part, the values only
     * before, only after, or, when the aspect holds one value on each side, the one that changed.
     * Parts in the order of {@code after}, then the parts it no longer has.
     */
    static List<FlowDifference> between(List<Fact> before, List<Fact> after) {
        Map<String, List<Fact>> was = byKey(before);
        Map<String, List<Fact>> will = byKey(after);
        Set<String> keys = new LinkedHashSet<>();
        Map<String, List<String>> partsInOrder = new LinkedHashMap<>();
        for (List<Fact> facts : List.of(after, before)) {
            facts.forEach(f -> partsInOrder.computeIfAbsent(f.part(), p -> new ArrayList<>()).add(f.key()));
        }
        partsInOrder.values().forEach(keys::addAll);
        List<FlowDifference> differences = new ArrayList<>();
        for (String key : keys) {
            List<Fact> a = was.getOrDefault(key, List.of());
            List<Fact> b = will.getOrDefault(key, List.of());
            if (a.size() == 1 && b.size() == 1) {
                Fact x = a.get(0);
                Fact y = b.get(0);
                if (!x.value().equals(y.value())) {
                    differences.add(difference(x.part(), x.aspect(), Optional.of(x), Optional.of(y)));
                }
                continue;
            }
            List<String> valuesBefore = a.stream().map(FlowsDescription::comparable).toList();
            List<String> valuesAfter = b.stream().map(FlowsDescription::comparable).toList();
            a.stream().filter(f -> !valuesAfter.contains(comparable(f)))
                    .forEach(f -> differences.add(difference(f.part(), f.aspect(), Optional.of(f), Optional.empty())));
            b.stream().filter(f -> !valuesBefore.contains(comparable(f)))
                    .forEach(f -> differences.add(difference(f.part(), f.aspect(), Optional.empty(), Optional.of(f))));
        }
        return differences;
    }

    private static String comparable(Fact f) {
        return f.secret() ? SECRET_MARK + f.value() : f.value();
    }

    private static FlowDifference difference(String part, String aspect, Optional<Fact> before, Optional<Fact> after) {
        boolean secret = before.map(Fact::secret).orElse(false) || after.map(Fact::secret).orElse(false);
        return new FlowDifference(part, aspect, before.map(f -> secret ? FlowDifference.SECRET : f.value()),
                after.map(f -> secret ? FlowDifference.SECRET : f.value()), secret);
    }

    private static Map<String, List<Fact>> byKey(List<Fact> facts) {
        Map<String, List<Fact>> map = new LinkedHashMap<>();
        facts.forEach(f -> map.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f));
        return map;
    }
}
