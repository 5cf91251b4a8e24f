package org.gatehouse.sdk.bladelet;

import java.util.Objects;
import java.util.regex.Pattern;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * What a step decided about a message (docs/data-plane.md "Flows and steps": a step may continue, respond, or route
 * elsewhere; or it fails). Immutable; build with the static factories.
 *
 * <pre>{@code
 * StepOutcome.proceed();                       // next step, message unchanged
 * StepOutcome.respond(Response.text(429, "slow down"));
 * StepOutcome.route("canary");                 // forward to another route of element.xml
 * StepOutcome.fail("token service answered 500");
 * }</pre>
 */
public sealed interface StepOutcome {
    /** Route names as in {@code element.xml}. */
    Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Go on to the next step (or forward, after the last), after applying the changes. */
    record Proceed(MessageChanges changes) implements StepOutcome {
        public Proceed {
            Objects.requireNonNull(changes, "changes");
        }
    }

    /** Answer the client now; the message is not forwarded and later steps do not run. */
    record Respond(Response response) implements StepOutcome {
        public Respond {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Skip the remaining steps and forward to the named route, after applying the changes. */
    record Route(String route, MessageChanges changes) implements StepOutcome {
        public Route {
            if (route == null || !ROUTE_NAME.matcher(route).matches()) {
                throw new IllegalArgumentException("route name '" + route + "' must match " + ROUTE_NAME.pattern());
            }
            Objects.requireNonNull(changes, "changes");
        }
    }

    /**
     * The step could not do its job. The engine logs the reason (never sends it to the client),
     * answers with a 5xx status and counts it against the extension.
     */
    record Fail(String reason) implements StepOutcome {
        public Fail {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a failure needs a reason");
            }
        }
    }

    /** Continue unchanged. */
    static StepOutcome proceed() {
        return new Proceed(MessageChanges.none());
    }

    /** Continue after applying the changes. */
    static StepOutcome proceed(MessageChanges changes) {
        return new Proceed(changes);
    }

    /** Answer with a status and nothing else. */
    static StepOutcome respond(int status) {
        return new Respond(Response.of(status));
    }

    /** Answer with the response. */
    static StepOutcome respond(Response response) {
        return new Respond(response);
    }

    /** Forward to another route, unchanged. */
    static StepOutcome route(String route) {
        return new Route(route, MessageChanges.none());
    }

    /** Forward to another route after applying the changes. */
    static StepOutcome route(String route, MessageChanges changes) {
        return new Route(route, changes);
    }

    /** Fail the message for the given reason. */
    static StepOutcome fail(String reason) {
        return new Fail(reason);
    }
}
