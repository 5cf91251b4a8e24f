package org.gatehouse.flow.engine.internal.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.policy.engine.api.AuditEvent;
import org.gatehouse.policy.engine.api.AuditSink;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Audits each denial of the document's authorizers, with its reason: the SDK promises that a
 * denial is "logged and audited with its reason" ({@code AuthorizationDecision}); the built-in
 * {@code authorize} step logs it and answers 403, this records it in the element's one audit record
 * (action {@value #DENIED}, subject the deciding codebase: {@code ext:<bsn>/<version>}, or
 * {@code system} for a built-in method). The reason is the method's own text: control characters in
 * it are escaped, so a method cannot forge further audit lines.
 *
 * <p>Bounded: a client with good credentials decides how many denials there are, and each audit
 * record is written and forced to disk on the step's thread. So at most {@value #PER_WINDOW}
 * denials of one method are audited one by one per {@link #WINDOW}; the others are counted, and the
 * first denial after the window audits how many were not (every one of them is still in the log,
 * where the {@code authorize} step writes each denial with its reason).
 */
public final class DecisionAudit {
    /** The audit action of an authorizer's denial. */
    public static final String DENIED = "authorization.denied";

    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.authorization");

    /** Denials of one method audited one by one per window. */
    static final int PER_WINDOW = 20;
    /** The window of {@link #PER_WINDOW}. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    private final AuditSink audit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One method's current window: when it began, how many denials it audited and how many it only counted. */
    private static final class Window {
        private Instant start;
        private int audited;
        private long counted;

        Window(Instant start) {
            this.start = start;
        }
    }

    public DecisionAudit(AuditSink audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** Records that {@code method}, called by {@code step}, denied the identity this message. */
    void denied(String method, String step, BladeletProvider provider, Identity identity, Message message, String reason) {
        denied(method, step, subjectOf(provider), provider.toString(), identity, message, reason);
    }

    /** The deciding codebase as the control module names it in its audit events. */
    static String subjectOf(BladeletProvider provider) {
        return provider.extension() ? Codebase.of(provider.symbolicName(), provider.version(), "").id() : "system";
    }

    /** As above, the deciding codebase given as its audit subject and its name for the details. */
    void denied(String method, String step, String subject, String decider, Identity identity, Message message, String reason) {
        Instant now = clock.instant();
        Window window = windows.computeIfAbsent(method, m -> new Window(now));
        long notAudited = 0;
        Instant since = null;
        boolean oneByOne;
        synchronized (window) {
            if (now.isBefore(window.start) || !now.isBefore(window.start.plus(WINDOW))) {
                notAudited = window.counted;
                since = window.start;
                window.start = now;
                window.audited = 0;
                window.counted = 0;
            }
            oneByOne = window.audited < PER_WINDOW;
            if (oneByOne) {
                window.audited++;
            } else {
                window.counted++;
            }
        }
        if (notAudited > 0) {
            record(new AuditEvent(now, DENIED, subject, "authorizer '" + method + "' denied " + notAudited
                    + " more messages, not audited one by one (each is in the log)",
                    List.of("from: " + since, "until: " + now, "method: " + method + " (" + decider + ")")), method);
        }
        if (oneByOne) {
            record(event(method, step, subject, decider, identity, message, reason, now), method);
        }
    }

    private static AuditEvent event(String method, String step, String subject, String decider, Identity identity, Message message,
                                    String reason, Instant now) {
        String summary = "authorizer '" + method + "' denied " + escaped(identity.principal()) + " " + escaped(message.method()) + " "
                + escaped(message.path());
        List<String> details = List.of(
                "reason: " + escaped(reason),
                "principal: " + escaped(identity.principal()) + " (" + escaped(identity.authenticationMethod()) + ")",
                "request: " + escaped(message.method()) + " " + escaped(message.path()),
                "message: " + message.id() + ", message type " + message.messageType() + ", listener " + message.listener(),
                "step: " + step,
                "method: " + method + " (" + decider + ")");
        return new AuditEvent(now, DENIED, subject, summary, details);
    }

    private void record(AuditEvent event, String method) {
        try {
            audit.record(event);
        } catch (RuntimeException e) { // a sink must not throw; the step still answers 403 and logs the denial
            LOG.log(System.Logger.Level.ERROR, "audit of a denial by authorizer '" + method + "' failed", e);
        }
    }

    /** The text with every control character written as a Java escape: a backslash, u, and four hex digits. */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
