package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandJson;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.confirm.CommandDesk;
import org.gatehouse.management.confirm.ConfirmationDesk;

/**
 * {@code /api/v1/commands}: every change recorded, newest first, optionally only those in one
 * {@code state} and at most {@code limit} (default 100); one command; and cancelling a command
 * before it is confirmed, by its submitter or by someone who may confirm it. Nothing here confirms:
 * confirmation happens only over a trusted path (docs/management.md "Confirmation").
 */
final class CommandRoutes {
    private static final String BASE = ApiRoutes.PREFIX + "/commands";
    private static final int DEFAULT_LIMIT = 100;

    private final CommandBook book;
    private final CommandDesk desk;

    CommandRoutes(CommandBook book, CommandDesk desk) {
        this.book = book;
        this.desk = desk;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", BASE, Access.OVERSIGHT, BodyLimit.NONE, this::list),
                new Route("GET", BASE + "/{id}", Access.OVERSIGHT, BodyLimit.NONE, this::show),
                new Route("POST", BASE + "/{id}/cancel", Access.CHANGES, BodyLimit.NONE, this::cancel));
    }

    private ApiResponse list(ApiRequest request) throws ApiException {
        int limit = limit(request);
        CommandState state = state(request);
        List<Command> all = book.list();
        ObjectNode body = Json.object();
        ArrayNode commands = body.putArray("commands");
        for (int i = all.size() - 1; i >= 0 && commands.size() < limit; i--) {
            Command c = all.get(i);
            if (state == null || c.state() == state) {
                commands.add(CommandJson.toJson(c));
            }
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse show(ApiRequest request) throws ApiException {
        String id = request.variable("id");
        Command command = book.get(id).orElseThrow(() -> ApiException.notFound("no command " + id));
        ObjectNode body = Json.object();
        body.set("command", CommandJson.toJson(command));
        return ApiResponse.ok(body);
    }

    private ApiResponse cancel(ApiRequest request) throws ApiException {
        try {
            ObjectNode body = Json.object();
            body.set("command", CommandJson.toJson(desk.cancel(request.variable("id"), request.user().name())));
            return ApiResponse.ok(body);
        } catch (ConfirmationDesk.ConfirmationRefused e) {
            int status = switch (e.code()) {
                case "not_found" -> 404;
                case "not_allowed" -> 403;
                default -> 409;
            };
            throw new ApiException(status, e.code().equals("not_allowed") ? "forbidden" : e.code().equals("not_found") ? "not_found"
                    : "conflict", e.getMessage(), List.of()).forCommand(request.variable("id"));
        }
    }

    private static int limit(ApiRequest request) throws ApiException {
        String text = request.queryParameter("limit").orElse(Integer.toString(DEFAULT_LIMIT));
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1) {
                throw ApiException.badRequest("query parameter 'limit' must be at least 1, not " + limit);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter 'limit' must be a whole number, not '" + text + "'");
        }
    }

    private static CommandState state(ApiRequest request) throws ApiException {
        String text = request.queryParameter("state").orElse(null);
        if (text == null) {
            return null;
        }
        try {
            return CommandState.fromWireName(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter 'state' must be one of " + java.util.Arrays.stream(CommandState.values())
                    .map(CommandState::wireName).collect(java.util.stream.Collectors.joining(", ")) + "; not '" + text + "'");
        }
    }
}
