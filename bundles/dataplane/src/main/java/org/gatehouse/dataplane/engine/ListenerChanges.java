package org.gatehouse.dataplane.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatehouse.dataplane.config.ElementConfig;
import org.gatehouse.dataplane.config.ListenerConfig;
import org.gatehouse.dataplane.config.Protocol;

/** How the listeners of a new configuration differ, by name, from those bound now. */
record ListenerChanges(List<ListenerConfig> added, List<ListenerConfig> changed, List<String> removed) {

    ListenerChanges {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    static ListenerChanges between(Map<String, BoundListener> bound, ElementConfig next) {
        List<ListenerConfig> added = new ArrayList<>();
        List<ListenerConfig> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>(bound.keySet());
        for (ListenerConfig listener : next.listeners()) {
            if (listener.protocol() == Protocol.CHANNEL) {
                continue; // taken by the channel gateway, not bound here
            }
            BoundListener current = bound.get(listener.name());
            removed.remove(listener.name());
            if (current == null) {
                added.add(listener);
            } else if (!current.config().equals(listener)) {
                changed.add(listener);
            }
        }
        return new ListenerChanges(added, changed, removed);
    }
}
