package org.gatehouse.flow.engine.internal.classify;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MatchDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MessageTypeDefinition;

/**
 * The classifier (docs/data-plane.md "Classification"): gives a request head its message type. Message types are tried
 * in document order, the first whose match holds wins. The candidates are indexed by listener,
 * so a listener no message type names costs one map look-up, and a miss allocates nothing.
 * When a match needs the body, the head cannot decide: the answer carries the candidates up to
 * the first that the head alone claims, and the body picks among them.
 *
 * <pre>{@code
 * Classifier classifier = Classifier.compile(types, 1 << 20);
 * MessageTypeMatch match = classifier.classify(head);   // null: fast path
 * }</pre>
 */
public final class Classifier {
    private static final Entry[] NONE = new Entry[0];

    private final Map<String, Entry[]> byListener;
    private final Entry[] anyListener;
    private final int bodyLimit;
    private final Executor bodyMatching;

    private record Entry(ClassifiedType type, CompiledMatch match) {
    }

    private Classifier(Map<String, Entry[]> byListener, Entry[] anyListener, int bodyLimit, Executor bodyMatching) {
        this.byListener = byListener;
        this.anyListener = anyListener;
        this.bodyLimit = bodyLimit;
        this.bodyMatching = bodyMatching;
    }

    /** A classifier that claims nothing. */
    public static Classifier empty() {
        return new Classifier(Map.of(), NONE, 0, Runnable::run);
    }

    /**
     * Compiles the message types (definitions and what runs them, in document order).
     *
     * @param bodyLimit    how much body to read for body conditions ({@code <settings body-limit>})
     * @param bodyMatching where body conditions are tested: a regular expression over a large body
     *                     must not hold up the event loop
     */
    public static Classifier compile(List<Map.Entry<MessageTypeDefinition, ClassifiedType>> types, int bodyLimit,
                                     Executor bodyMatching) {
        Set<String> listeners = new LinkedHashSet<>();
        types.forEach(t -> t.getKey().matches().forEach(m -> listeners.addAll(m.listeners())));
        List<Entry> any = new ArrayList<>();
        Map<String, List<Entry>> named = new HashMap<>();
        listeners.forEach(l -> named.put(l, new ArrayList<>()));
        for (Map.Entry<MessageTypeDefinition, ClassifiedType> t : types) {
            for (MatchDefinition m : t.getKey().matches()) {
                Entry entry = new Entry(t.getValue(), new CompiledMatch(m));
                if (m.listeners().isEmpty()) {
                    any.add(entry);
                    named.values().forEach(list -> list.add(entry));
                } else {
                    m.listeners().forEach(l -> named.get(l).add(entry));
                }
            }
        }
        Map<String, Entry[]> index = new HashMap<>();
        named.forEach((l, list) -> index.put(l, list.toArray(NONE)));
        return new Classifier(Map.copyOf(index), any.toArray(NONE), bodyLimit, bodyMatching);
    }

    /** The message type of this head, or null for the fast path. Runs on the event loop. */
    public MessageTypeMatch classify(RequestHead head) {
        Entry[] entries = byListener.getOrDefault(head.listener(), anyListener);
        List<Entry> pending = null;
        for (Entry entry : entries) {
            if (!entry.match().matchesHead(head)) {
                continue;
            }
            if (entry.match().needsBody()) {
                if (pending == null) {
                    pending = new ArrayList<>(2);
                }
                pending.add(entry);
            } else if (pending == null) {
                return entry.type().match();
            } else {
                pending.add(new Entry(entry.type(), null));
                break;
            }
        }
        return pending == null ? null : new BodyDecidedMatch(List.copyOf(pending), bodyLimit, bodyMatching);
    }

    /** Candidates in order; the first whose body conditions hold (or that needs none) runs. */
    private static final class BodyDecidedMatch implements MessageTypeMatch {
        private final List<Entry> candidates;
        private final int bodyLimit;
        private final Executor bodyMatching;

        BodyDecidedMatch(List<Entry> candidates, int settingsLimit, Executor bodyMatching) {
            this.candidates = candidates;
            this.bodyMatching = bodyMatching;
            int limit = settingsLimit;
            for (Entry e : candidates) {
                limit = Math.max(limit, e.type().flowBodyLimit());
            }
            this.bodyLimit = limit;
        }

        @Override
        public String messageType() {
            return candidates.get(0).type().name();
        }

        @Override
        public int bodyLimit() {
            return bodyLimit;
        }

        @Override
        public CompletionStage<FlowResult> run(RequestHead head, ByteBuffer body) {
            ByteBuffer content = body == null ? ByteBuffer.allocate(0) : body;
            CompletableFuture<ClassifiedType> decided = new CompletableFuture<>();
            try {
                bodyMatching.execute(() -> decided.complete(decide(content)));
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(new FlowResult.Reject(503, "overloaded",
                        "the element has no free step thread; try again", List.of(Map.entry("Retry-After", "1"))));
            }
            return decided.thenCompose(type -> type == null
                    ? CompletableFuture.completedFuture(new FlowResult.PassThrough())
                    : type.run(head, content));
        }

        private ClassifiedType decide(ByteBuffer content) {
            CompiledMatch.BodyText text = new CompiledMatch.BodyText(content);
            for (Entry e : candidates) {
                if (e.match() == null || e.match().matchesBody(content, text)) {
                    return e.type();
                }
            }
            return null;
        }
    }
}
