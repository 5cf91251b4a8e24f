package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.extensions.api.ExtensionManager;
import org.gatehouse.extensions.api.ExtensionOperationException;
import org.gatehouse.extensions.api.ExtensionRecord;
import org.gatehouse.extensions.api.Uploader;
import org.gatehouse.flow.api.ExtensionHealth;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;

/** {@code /api/v1/extensions}: list, show, preview, upload, upgrade, enable, disable, remove, replace policy. */
final class ExtensionRoutes {
    private static final String BASE = ApiRoutes.PREFIX + "/extensions";

    private final ElementServices services;
    private final Changes changes;

    ExtensionRoutes(ElementServices services, Changes changes) {
        this.services = services;
        this.changes = changes;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", BASE, Access.EVERY_ROLE, BodyLimit.NONE, this::list),
                new Route("POST", BASE, Access.ADMIN, BodyLimit.UPLOAD, this::install),
                new Route("POST", BASE + "/preview", Access.ADMIN, BodyLimit.UPLOAD, this::preview),
                new Route("GET", BASE + "/{name}", Access.EVERY_ROLE, BodyLimit.NONE, this::show),
                new Route("PUT", BASE + "/{name}", Access.ADMIN, BodyLimit.UPLOAD, this::upgrade),
                new Route("DELETE", BASE + "/{name}", Access.ADMIN, BodyLimit.NONE, this::remove),
                new Route("POST", BASE + "/{name}/enable", Access.ADMIN, BodyLimit.NONE, this::enable),
                new Route("POST", BASE + "/{name}/disable", Access.ADMIN, BodyLimit.NONE, this::disable),
                new Route("PUT", BASE + "/{name}/policy", Access.SECURITY_OFFICER, BodyLimit.DOCUMENT, this::replacePolicy));
    }

    private ApiResponse list(ApiRequest request) throws ApiException {
        ObjectNode body = Json.object();
        ArrayNode extensions = body.putArray("extensions");
        services.requireExtensionManager().list().forEach(r -> extensions.add(ExtensionViews.record(r)));
        return ApiResponse.ok(body);
    }

    private ApiResponse show(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        ExtensionRecord record = services.requireExtensionManager().get(name)
                .orElseThrow(() -> ApiException.notFound("no extension " + name));
        ObjectNode body = Json.object();
        body.set("extension", ExtensionViews.record(record));
        Optional<ExtensionHealth> health = services.flowService().flatMap(f -> f.extensions().stream()
                .filter(h -> h.symbolicName().equals(name)).findFirst());
        body.set("health", health.map(ExtensionViews::health).orElse(null));
        return ApiResponse.ok(body);
    }

    private ApiResponse preview(ApiRequest request) throws ApiException {
        ExtensionManager manager = services.requireExtensionManager();
        Upload upload = Upload.from(request);
        try {
            ObjectNode body = Json.object();
            body.set("preview", ExtensionViews.preview(manager.preview(upload.bundle(), upload.policy(), uploader(request, upload))));
            return ApiResponse.ok(body);
        } catch (ExtensionOperationException e) {
            throw Changes.fromExtension(e);
        }
    }

    private ApiResponse install(ApiRequest request) throws ApiException {
        ExtensionManager manager = services.requireExtensionManager();
        Upload upload = Upload.from(request);
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_INSTALL, upload.fileName(), upload.commandParameters());
        CommandBook.Executed<ExtensionRecord> done = changes.run(command, request, () -> {
            ExtensionRecord r = manager.install(upload.bundle(), upload.policy(), uploader(request, upload));
            return new CommandBook.Outcome<>(r, "installed " + r.symbolicName() + " " + r.version() + " (" + stateOf(r) + ")");
        });
        ObjectNode body = Changes.withCommand(done);
        body.set("extension", ExtensionViews.record(done.value()));
        return new ApiResponse(201, ApiResponse.JSON, Json.bytes(body), Map.of("Location", BASE + "/" + done.value().symbolicName()));
    }

    private ApiResponse upgrade(ApiRequest request) throws ApiException {
        ExtensionManager manager = services.requireExtensionManager();
        String name = request.variable("name");
        Upload upload = Upload.from(request);
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_UPGRADE, name, upload.commandParameters());
        return recordResponse(changes.run(command, request, () -> {
            ExtensionRecord r = manager.upgrade(name, upload.bundle(), upload.policy(), uploader(request, upload));
            return new CommandBook.Outcome<>(r, "upgraded " + r.symbolicName() + " to " + r.version() + " (" + stateOf(r) + ")");
        }));
    }

    private ApiResponse enable(ApiRequest request) throws ApiException {
        return switchState(request, CommandType.EXTENSION_ENABLE, ExtensionManager::enable);
    }

    private ApiResponse disable(ApiRequest request) throws ApiException {
        return switchState(request, CommandType.EXTENSION_DISABLE, ExtensionManager::disable);
    }

    /** Enable and disable: one command shape, one lifecycle call apart. */
    private ApiResponse switchState(ApiRequest request, CommandType type, StateChange change) throws ApiException {
        ExtensionManager manager = services.requireExtensionManager();
        String name = request.variable("name");
        CommandRequest command = CommandRequest.of(type, name, Map.of());
        return recordResponse(changes.run(command, request, () -> {
            ExtensionRecord r = change.apply(manager, name);
            return new CommandBook.Outcome<>(r, r.symbolicName() + " " + r.version() + " is " + stateOf(r));
        }));
    }

    /** {@code ExtensionManager::enable} or {@code ::disable}. */
    @FunctionalInterface
    private interface StateChange {
        ExtensionRecord apply(ExtensionManager manager, String symbolicName) throws ExtensionOperationException;
    }

    private ApiResponse remove(ApiRequest request) throws ApiException {
        ExtensionManager manager = services.requireExtensionManager();
        String name = request.variable("name");
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_REMOVE, name, Map.of());
        CommandBook.Executed<Boolean> done = changes.run(command, request, () -> {
            manager.remove(name);
            return new CommandBook.Outcome<>(Boolean.TRUE, "removed " + name);
        });
        return ApiResponse.ok(Changes.withCommand(done));
    }

    private ApiResponse replacePolicy(ApiRequest request) throws ApiException {
        ExtensionManager manager = services.requireExtensionManager();
        String name = request.variable("name");
        byte[] policy = request.body().bytes();
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_POLICY_REPLACE, name,
                Map.of("policy.sha256", Upload.sha256(policy), "policy.size", Integer.toString(policy.length)));
        return recordResponse(changes.run(command, request, () -> {
            ExtensionRecord r = manager.replacePolicy(name, policy, new Uploader(request.user().name(), "policy.xml"));
            return new CommandBook.Outcome<>(r, r.symbolicName() + " " + r.version() + ": " + r.grantedPermissions().size()
                    + " permissions granted, " + r.rejectedPermissions().size() + " rejected");
        }));
    }

    private static ApiResponse recordResponse(CommandBook.Executed<ExtensionRecord> done) {
        ObjectNode body = Changes.withCommand(done);
        body.set("extension", ExtensionViews.record(done.value()));
        return ApiResponse.ok(body);
    }

    private static Uploader uploader(ApiRequest request, Upload upload) {
        return new Uploader(request.user().name(), upload.fileName());
    }

    private static String stateOf(ExtensionRecord r) {
        return r.state().name().toLowerCase(java.util.Locale.ROOT);
    }
}
