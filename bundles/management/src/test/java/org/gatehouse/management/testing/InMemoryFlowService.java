package org.gatehouse.management.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.gatehouse.flow.engine.api.BladeletInfo;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.flow.engine.api.ExtensionQueue;
import org.gatehouse.flow.engine.api.ExtensionRunaways;
import org.gatehouse.flow.engine.api.ExtensionSteps;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowDifference;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.gatehouse.flow.engine.api.FlowsView;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * A {@link FlowService} for the management API's tests (the real flow engine is wired end to end
 * in itest/). A document must start with {@code <flows}; each {@code <flow name="x">} becomes a
 * flow and a message type {@code x-type}; a step naming {@code missing-bladelet} cannot be resolved.
 */
public final class InMemoryFlowService implements FlowService {
    public static final String INITIAL = "<flows xmlns=\"urn:gatehouse:flows:1\"><flow name=\"pass\"/></flows>";

    private FlowsView current = view(1, INITIAL);
    private volatile List<ExtensionHealth> extensions = List.of(
            new ExtensionHealth("com.acme.limiter", "1.0.0", 2, 40, 1, 0, false, Optional.empty(), Optional.of("timeout")));
    private volatile List<ExtensionRunaways> runaways = List.of(new ExtensionRunaways("com.acme.limiter", 0, 0, 0));
    private volatile List<ExtensionQueue> queues = List.of(new ExtensionQueue("com.acme.limiter", 0, 0, 0, 0, 0, 0));

    @Override
    public synchronized FlowsView current() {
        return current;
    }

    /** Every parameter value withheld, as the engine does for a bladelet it cannot look at. */
    @Override
    public synchronized String withheldDocument() {
        return current.document().replaceAll("(<param\\b[^>]*\\bvalue=\")[^\"]*\"", "$1(withheld)\"");
    }

    @Override
    public FlowValidation validate(String source, byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        List<String> errors = new ArrayList<>();
        if (!text.startsWith("<flows")) {
            errors.add(source + " [1:1] /: the root element must be flows");
        }
        if (text.contains("missing-bladelet")) {
            errors.add(source + " /flows/flow[1]/step[1]: no bladelet missing-bladelet");
        }
        return new FlowValidation(errors, List.of());
    }

    @Override
    public FlowsView preview(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException {
        return view(-1, checked(source, document));
    }

    /** The differences of what {@link #preview} reads: message types (and the flow each runs) and flows (and their steps). */
    @Override
    public synchronized List<FlowDifference> differences(String source, byte[] document) throws XmlDocumentException,
            FlowConfigurationException {
        FlowsView next = view(-1, checked(source, document));
        List<FlowDifference> differences = new ArrayList<>();
        diff(differences, "message type ", "flow", names(current.messageTypes(), FlowsView.MessageTypeView::name,
                FlowsView.MessageTypeView::flow), names(next.messageTypes(), FlowsView.MessageTypeView::name, FlowsView.MessageTypeView::flow));
        diff(differences, "flow ", "steps", names(current.flows(), FlowsView.FlowView::name, f -> String.join(" -> ", f.steps())),
                names(next.flows(), FlowsView.FlowView::name, f -> String.join(" -> ", f.steps())));
        return differences;
    }

    private static <T> Map<String, String> names(List<T> items, Function<T, String> name, Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(name.apply(item), value.apply(item)));
        return map;
    }

    private static void diff(List<FlowDifference> into, String part, String aspect, Map<String, String> before, Map<String, String> after) {
        after.forEach((name, value) -> {
            if (!value.equals(before.get(name))) {
                into.add(new FlowDifference(part + name, aspect, Optional.ofNullable(before.get(name)), Optional.of(value), false));
            }
        });
        before.forEach((name, value) -> {
            if (!after.containsKey(name)) {
                into.add(new FlowDifference(part + name, aspect, Optional.of(value), Optional.empty(), false));
            }
        });
    }

    @Override
    public synchronized FlowsView replace(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException {
        current = view(current.generation() + 1, checked(source, document));
        return current;
    }

    private static String checked(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException {
        String text = new String(document, StandardCharsets.UTF_8);
        if (!text.startsWith("<flows")) {
            throw new XmlDocumentException(source, 1, 1, "/", "the root element must be flows");
        }
        if (text.contains("missing-bladelet")) {
            throw new FlowConfigurationException(source, List.of("/flows/flow[1]/step[1]: no bladelet missing-bladelet"));
        }
        return text;
    }

    @Override
    public List<BladeletInfo> bladelets() {
        return List.of(new BladeletInfo("forward", "step", "", "", "forwards to the route"));
    }

    @Override
    public List<ExtensionHealth> extensions() {
        return extensions;
    }

    @Override
    public List<ExtensionSteps> extensionSteps() {
        // as if each step took 10 ms
        return extensions.stream().map(h -> new ExtensionSteps(h.symbolicName(), h.completed() - h.failures() - h.timeouts(),
                h.failures(), h.timeouts(), h.completed() * 10_000_000L)).toList();
    }

    /** What {@link #extensions()} and {@link #extensionSteps()} report from now on, as the engine's counters would after more steps ran. */
    public void reportExtensions(List<ExtensionHealth> health) {
        extensions = List.copyOf(health);
    }

    @Override
    public List<ExtensionRunaways> runaways() {
        return runaways;
    }

    @Override
    public List<ExtensionQueue> extensionQueues() {
        return queues;
    }

    /** What {@link #extensionQueues()} reports from now on, as the engine would after messages waited. */
    public void reportQueues(List<ExtensionQueue> seen) {
        queues = List.copyOf(seen);
    }

    /** What {@link #runaways()} reports from now on, as the engine would after steps ran away. */
    public void reportRunaways(List<ExtensionRunaways> seen) {
        runaways = List.copyOf(seen);
    }

    @Override
    public boolean release(String symbolicName) {
        return false;
    }

    private static FlowsView view(long generation, String document) {
        List<FlowsView.MessageTypeView> types = new ArrayList<>();
        List<FlowsView.FlowView> flows = new ArrayList<>();
        int at = 0;
        while ((at = document.indexOf("<flow name=\"", at)) >= 0) {
            int start = at + "<flow name=\"".length();
            String name = document.substring(start, document.indexOf('"', start));
            flows.add(new FlowsView.FlowView(name, List.of("extract-credentials", "forward")));
            types.add(new FlowsView.MessageTypeView(name + "-type", name, 7));
            at = start;
        }
        return new FlowsView(generation, document, types, flows);
    }
}
