package org.gatehouse.management.api;

import java.util.ArrayList;
import java.util.List;
import org.gatehouse.management.auth.AccessRefusals;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.ModificationCounts;
import org.gatehouse.management.confirm.CommandDesk;

/**
 * Every route of the API, version 1, {@code /metrics}, and the probes {@code /healthz} and
 * {@code /readyz}. The OpenAPI document ({@code openapi.json}) lists exactly these, with their
 * roles; a test holds the two together.
 *
 * <pre>{@code
 * Router router = ApiRoutes.router(services, commandBook, counts, desk, authenticator.refusals(), users);
 * }</pre>
 */
public final class ApiRoutes {
    /** Every path starts here; a later incompatible API gets {@code /api/v2}. */
    public static final String PREFIX = "/api/v1";

    private ApiRoutes() {
    }

    public static Router router(ElementServices services, CommandBook book, ModificationCounts counts, CommandDesk desk,
                                AccessRefusals refusals, UsersFile users) {
        Changes changes = new Changes(book, new ManagedObjects(services, counts));
        List<Route> routes = new ArrayList<>();
        routes.addAll(new HealthRoutes(services).routes());
        routes.addAll(new ExtensionRoutes(services, changes).routes());
        routes.addAll(new FlowRoutes(services, changes).routes());
        routes.addAll(new PolicyRoutes(services).routes());
        routes.addAll(new UserRoutes(users, changes).routes());
        routes.addAll(new CommandRoutes(book, desk).routes());
        routes.addAll(new MetricsRoutes(services, refusals).routes());
        routes.addAll(new AuditRoutes(services).routes());
        routes.addAll(new ChannelRoutes(services).routes());
        routes.addAll(new ProbeRoutes(services).routes());
        return new Router(routes);
    }
}
