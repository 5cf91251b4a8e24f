package org.gatehouse.auth.step;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.Header;
import org.gatehouse.sdk.message.Headers;

/**
 * The answers the authentication steps send in place of forwarding: 401 with challenges, 403,
 * and 503 when a method could not decide. Bodies are fixed short texts: reasons go to the log,
 * never to the client (docs/data-plane.md "Authentication and authorization").
 */
final class AuthResponses {
    private AuthResponses() {
    }

    /** 401 with one {@code WWW-Authenticate} field per distinct challenge (RFC 9110 section 15.5.2). */
    static PlatformOutcome unauthorized(List<String> challenges) {
        List<Header> fields = new ArrayList<>();
        for (String challenge : new LinkedHashSet<>(challenges)) {
            fields.add(new Header("WWW-Authenticate", challenge));
        }
        fields.add(new Header("Content-Type", "text/plain; charset=utf-8"));
        fields.add(new Header("Cache-Control", "no-store"));
        return respond(new Response(401, Headers.of(fields), Body.ofText("authentication required\n")));
    }

    /** 403: authenticated but not allowed. */
    static PlatformOutcome forbidden() {
        return respond(Response.text(403, "forbidden\n"));
    }

    /** 503: the method's server (directory, KDC, key set) could not be asked; the client may retry. */
    static PlatformOutcome unavailable() {
        return respond(new Response(503, Headers.of("Content-Type", "text/plain; charset=utf-8", "Retry-After", "5"),
                Body.ofText("authentication service unavailable\n")));
    }

    private static PlatformOutcome respond(Response response) {
        return PlatformOutcome.of(StepOutcome.respond(response));
    }
}
