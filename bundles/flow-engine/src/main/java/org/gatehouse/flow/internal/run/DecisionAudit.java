package org.gatehouse.flow.internal.run;

import java.time.Clock;
import java.util.List;
import org.gatehouse.policy.api.AuditEvent;
import org.gatehouse.policy.api.AuditSink;
import org.gatehouse.policy.api.Codebase;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Audits each denial of the document's authorizers, with its reason: the SDK promises that a
 * denial is "logged and audited with its reason" ({@code AuthorizationDecision}); the built-in
 * {@code authorize} step logs it and answers 403, this records it in the element's one audit record
 * (action {@value #DENIED}, subject the deciding codebase: {@code ext:<bsn>/<version>}, or
 * {@code system} for a built-in method). The reason is the method's own text: control characters in
 * it are escaped, so a method cannot forge further audit lines.
 */
public final class DecisionAudit {
    /** The audit action of an authorizer's denial. */
    public static final String DENIED = "authorization.denied";

    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.authorization");

    private final AuditSink audit;
    private final Clock clock;

    public DecisionAudit(AuditSink audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** Records that {@code method}, called by {@code step}, denied the identity this message. */
    void denied(String method, String step, BladeletProvider provider, Identity identity, Message message, String reason) {
        String subject = provider.extension() ? Codebase.of(provider.symbolicName(), provider.version(), "").id() : "system";
        String summary = "authorizer '" + method + "' denied " + escaped(identity.principal()) + " " + escaped(message.method()) + " "
                + escaped(message.path());
        List<String> details = List.of(
                "reason: " + escaped(reason),
                "principal: " + escaped(identity.principal()) + " (" + escaped(identity.authenticationMethod()) + ")",
                "request: " + escaped(message.method()) + " " + escaped(message.path()),
                "message: " + message.id() + ", message type " + message.messageType() + ", listener " + message.listener(),
                "step: " + step,
                "method: " + method + " (" + provider + ")");
        try {
            audit.record(new AuditEvent(clock.instant(), DENIED, subject, summary, details));
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
