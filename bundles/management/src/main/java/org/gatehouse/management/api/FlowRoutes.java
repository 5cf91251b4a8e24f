package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.gatehouse.flow.engine.api.BladeletInfo;
import org.gatehouse.flow.engine.api.FlowService;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.gatehouse.flow.engine.api.FlowsView;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.command.PreparedChange;

/** {@code /api/v1/flows} (show, validate, replace) and {@code /api/v1/message-types} (list, show). */
final class FlowRoutes {
    private static final String FLOWS = ApiRoutes.PREFIX + "/flows";
    private static final String MESSAGE_TYPES = ApiRoutes.PREFIX + "/message-types";
    /** The name the flows document is given in errors when it comes through the API. */
    private static final String SOURCE = "flows.xml";

    private final ElementServices services;
    private final Changes changes;

    FlowRoutes(ElementServices services, Changes changes) {
        this.services = services;
        this.changes = changes;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", FLOWS, Access.EVERY_ROLE, BodyLimit.NONE, this::show),
                new Route("PUT", FLOWS, Access.ADMIN, BodyLimit.DOCUMENT, this::replace),
                new Route("POST", FLOWS + "/validate", Access.ADMIN, BodyLimit.DOCUMENT, this::validate),
                new Route("GET", MESSAGE_TYPES, Access.EVERY_ROLE, BodyLimit.NONE, this::messageTypes),
                new Route("GET", MESSAGE_TYPES + "/{name}", Access.EVERY_ROLE, BodyLimit.NONE, this::messageType));
    }

    private ApiResponse show(ApiRequest request) throws ApiException {
        FlowService flows = services.requireFlowService();
        ObjectNode body = Json.object();
        body.set("flows", view(flows.current(), flows.withheldDocument()));
        long count = changes.objects().flowsCount();
        body.put("modificationCount", count);
        ArrayNode bladelets = body.putArray("bladelets");
        for (BladeletInfo b : flows.bladelets()) {
            ObjectNode node = bladelets.addObject();
            node.put("name", b.name());
            node.put("kind", b.kind());
            node.put("extension", b.extension());
            node.put("version", b.version());
            node.put("description", b.description());
        }
        return new ApiResponse(200, ApiResponse.JSON, Json.bytes(body), Map.of("ETag", ManagedObjects.etag(count)));
    }

    private ApiResponse validate(ApiRequest request) throws ApiException {
        FlowValidation result = services.requireFlowService().validate(SOURCE, request.body().bytes());
        ObjectNode body = Json.object();
        body.put("valid", result.valid());
        body.set("errors", Json.array(result.errors()));
        body.set("warnings", Json.array(result.warnings()));
        return ApiResponse.ok(body);
    }

    private ApiResponse replace(ApiRequest request) throws ApiException {
        FlowService flows = services.requireFlowService();
        if (request.ifMatch().isPresent()) {
            ManagedObjects.checkIfMatch(request, "the flows document", changes.objects().flowsCount(), true);
        }
        byte[] document = request.body().bytes();
        CommandRequest command = CommandRequest.of(CommandType.FLOWS_REPLACE, "flows",
                Map.of("document.sha256", Upload.sha256(document), "document.size", Integer.toString(document.length)));
        return changes.submit(command, request, PreparedChange.of(
                () -> {
                    FlowService now = services.requireFlowService();
                    long generation = now.current().generation();
                    List<String> lines = FlowChanges.lines(generation, now.differences(SOURCE, document));
                    return PreparedChange.Preview.of(lines, Map.of(ManagedObjects.FLOWS, changes.objects().flowsCount()));
                },
                () -> {
                    FlowsView view = services.requireFlowService().replace(SOURCE, document);
                    return new CommandBook.Outcome<>(view, "flows generation " + view.generation() + " in force: "
                            + view.messageTypes().size() + " message types, " + view.flows().size() + " flows");
                },
                () -> { }));
    }

    private ApiResponse messageTypes(ApiRequest request) throws ApiException {
        ObjectNode body = Json.object();
        ArrayNode types = body.putArray("messageTypes");
        services.requireFlowService().current().messageTypes().forEach(t -> types.add(messageType(t)));
        return ApiResponse.ok(body);
    }

    private ApiResponse messageType(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        FlowsView current = services.requireFlowService().current();
        FlowsView.MessageTypeView type = current.messageTypes().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no message type " + name));
        ObjectNode node = messageType(type);
        current.flows().stream().filter(f -> f.name().equals(type.flow())).findFirst()
                .ifPresent(f -> node.set("steps", Json.array(f.steps())));
        ObjectNode body = Json.object();
        body.set("messageType", node);
        return ApiResponse.ok(body);
    }

    private static ObjectNode messageType(FlowsView.MessageTypeView t) {
        ObjectNode node = Json.object();
        node.put("name", t.name());
        node.put("flow", t.flow());
        node.put("messages", t.messages());
        return node;
    }

    /** The flows in force; the document as people are shown it, secret values withheld. */
    private static ObjectNode view(FlowsView view, String withheldDocument) {
        ObjectNode node = Json.object();
        node.put("generation", view.generation());
        ArrayNode types = node.putArray("messageTypes");
        view.messageTypes().forEach(t -> types.add(messageType(t)));
        ArrayNode flows = node.putArray("flows");
        for (FlowsView.FlowView f : view.flows()) {
            ObjectNode flow = flows.addObject();
            flow.put("name", f.name());
            flow.set("steps", Json.array(f.steps()));
        }
        node.put("document", withheldDocument);
        return node;
    }
}
