package org.gatehouse.flow.engine.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.junit.jupiter.api.Test;

/**
 * The audit of authorizers' denials is bounded per method and window: a client that makes denials
 * cannot make one forced audit write per message; what was not audited one by one is counted and
 * audited when the next window starts.
 */
class DecisionAuditTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Identity ALICE = Identity.of("alice", "api-key", START);
    private static final Map<String, Object> FACTS = Map.of("method", "GET", "path", "/admin", "id", "m-1", "messageType", "api",
            "listener", "public");
    private static final Message MESSAGE = (Message) Proxy.newProxyInstance(Message.class.getClassLoader(), new Class<?>[] {Message.class},
            (proxy, method, args) -> FACTS.get(method.getName()));

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final DecisionAudit audit = new DecisionAudit(audited::add, clock);

    private void deny(String method, int times) {
        for (int i = 0; i < times; i++) {
            audit.denied(method, "api/2", "ext:org.example.rules/1.0.0", "org.example.rules 1.0.0", ALICE, MESSAGE, "no rule allows it");
        }
    }

    @Test
    void atMostTwentyDenialsOfAMethodPerWindowAreAuditedOneByOneAndTheRestAreCounted() {
        deny("rules", DecisionAudit.PER_WINDOW + 5);
        deny("other", 1);
        assertEquals(DecisionAudit.PER_WINDOW + 1, audited.size(), "each method has its own window");
        assertEquals("authorizer 'rules' denied alice GET /admin", audited.get(0).summary());
        assertEquals(List.of("reason: no rule allows it", "principal: alice (api-key)", "request: GET /admin",
                "message: m-1, message type api, listener public", "step: api/2", "method: rules (org.example.rules 1.0.0)"),
                audited.get(0).details());

        now.set(START.plus(DecisionAudit.WINDOW));
        deny("rules", 1);
        assertEquals(DecisionAudit.PER_WINDOW + 3, audited.size());
        AuditEvent counted = audited.get(DecisionAudit.PER_WINDOW + 1);
        assertEquals(DecisionAudit.DENIED, counted.action());
        assertEquals("ext:org.example.rules/1.0.0", counted.subject());
        assertEquals("authorizer 'rules' denied 5 more messages, not audited one by one (each is in the log)", counted.summary());
        assertEquals(List.of("from: " + START, "until: " + now.get(), "method: rules (org.example.rules 1.0.0)"), counted.details());
        assertEquals("authorizer 'rules' denied alice GET /admin", audited.get(DecisionAudit.PER_WINDOW + 2).summary(),
                "and the new window audits one by one again");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("a\\u000a  action=x\\u0000", DecisionAudit.escaped("a\n  action=x\u0000"));
    }
}
