package org.gatehouse.management.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatehouse.management.auth.AccessRefusals;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.ModificationCounts;
import org.gatehouse.management.confirm.CommandDesk;
import org.gatehouse.platform.files.InForceLedger;

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
        return router(services, book, counts, desk, refusals, users, Optional.empty(), "trusted");
    }

    /**
     * @param conf the content in force of the conf folder, where install qualification's configuration is kept
     * @param qualificationDefault what the extension manager answers while no rules are in force ({@code trusted} or {@code deny})
     */
    public static Router router(ElementServices services, CommandBook book, ModificationCounts counts, CommandDesk desk,
                                AccessRefusals refusals, UsersFile users, Optional<InForceLedger> conf, String qualificationDefault) {
        Changes changes = new Changes(book, new ManagedObjects(services, counts));
        List<Route> routes = new ArrayList<>();
        routes.addAll(new HealthRoutes(services).routes());
        routes.addAll(new ExtensionRoutes(services, changes).routes());
        routes.addAll(new FlowRoutes(services, changes).routes());
        routes.addAll(new PolicyRoutes(services).routes());
        routes.addAll(new UserRoutes(users, changes).routes());
        routes.addAll(new QualificationRoutes(conf, qualificationDefault, changes).routes());
        routes.addAll(new CommandRoutes(book, desk).routes());
        routes.addAll(new MetricsRoutes(services, refusals).routes());
        routes.addAll(new AuditRoutes(services).routes());
        routes.addAll(new ChannelRoutes(services).routes());
        routes.addAll(new ProbeRoutes(services).routes());
        return new Router(routes);
    }
}
