package org.gatehouse.management.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gatehouse.flow.api.FlowsView;

/**
 * What replacing the flows document changes, in lines for a rendering: the message types added,
 * removed or pointed at another flow, and the flows added, removed or whose steps change.
 */
final class FlowChanges {
    private FlowChanges() {
    }

    static List<String> between(FlowsView now, FlowsView next) {
        List<String> lines = new ArrayList<>();
        Map<String, String> typesNow = byName(now.messageTypes(), FlowsView.MessageTypeView::name, FlowsView.MessageTypeView::flow);
        Map<String, String> typesNext = byName(next.messageTypes(), FlowsView.MessageTypeView::name, FlowsView.MessageTypeView::flow);
        Map<String, List<String>> flowsNow = byName(now.flows(), FlowsView.FlowView::name, FlowsView.FlowView::steps);
        Map<String, List<String>> flowsNext = byName(next.flows(), FlowsView.FlowView::name, FlowsView.FlowView::steps);
        diff(lines, "message type", typesNow, typesNext, flow -> "flow " + flow);
        diff(lines, "flow", flowsNow, flowsNext, steps -> "steps " + (steps.isEmpty() ? "none" : String.join(" -> ", steps)));
        if (lines.isEmpty()) {
            lines.add("no message type or flow changes (the document differs in form or settings only)");
        }
        lines.add(0, "replace the flows document in force (generation " + now.generation() + ")");
        return lines;
    }

    private static <V> void diff(List<String> lines, String what, Map<String, V> now, Map<String, V> next, Function<V, String> show) {
        for (Map.Entry<String, V> e : next.entrySet()) {
            V before = now.get(e.getKey());
            if (before == null) {
                lines.add("+ " + what + " " + e.getKey() + ": " + show.apply(e.getValue()));
            } else if (!Objects.equals(before, e.getValue())) {
                lines.add("~ " + what + " " + e.getKey() + ": " + show.apply(before) + "  becomes  " + show.apply(e.getValue()));
            }
        }
        now.keySet().stream().filter(name -> !next.containsKey(name))
                .forEach(name -> lines.add("- " + what + " " + name + ": " + show.apply(now.get(name))));
    }

    private static <T, V> Map<String, V> byName(List<T> items, Function<T, String> name, Function<T, V> value) {
        return items.stream().collect(Collectors.toMap(name, value, (a, b) -> a, LinkedHashMap::new));
    }
}
