package org.gatehouse.management.api;

import java.util.List;
import java.util.Locale;
import org.gatehouse.extensions.api.ExtensionOperationException;
import org.gatehouse.flow.api.FlowConfigurationException;
import org.gatehouse.management.command.CommandAbortedException;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandJson;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.schemas.XmlDocumentException;

/**
 * Runs every change as a command (docs/management.md "Commands") and turns what the services throw into API errors:
 * the extension manager's kinds to their statuses (INVALID 400, or 413 when the reason is the
 * size; DENIED 422; NOT_FOUND 404; CONFLICT 409; FAILED 500), schema errors to 400, unresolvable
 * flows to 422. An error of a command names the command.
 */
final class Changes {
    private final CommandBook book;

    Changes(CommandBook book) {
        this.book = book;
    }

    CommandBook book() {
        return book;
    }

    <T> CommandBook.Executed<T> run(CommandRequest request, ApiRequest from, CommandBook.Action<T> action) throws ApiException {
        try {
            return book.execute(request, from.user().name(), action);
        } catch (CommandAbortedException e) {
            throw toApiException(e.failure()).forCommand(e.command().id());
        }
    }

    /** {@code {"command": {...}}} plus the caller's fields. */
    static com.fasterxml.jackson.databind.node.ObjectNode withCommand(CommandBook.Executed<?> executed) {
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.set("command", CommandJson.toJson(executed.command()));
        return body;
    }

    static ApiException toApiException(Exception e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof ExtensionOperationException ext) {
            return fromExtension(ext);
        }
        if (e instanceof XmlDocumentException xml) {
            return new ApiException(400, "invalid_document", xml.getMessage(), List.of());
        }
        if (e instanceof FlowConfigurationException flows) {
            return new ApiException(422, "invalid_flows", "the flows document cannot be used", flows.errors());
        }
        return new ApiException(500, "internal_error", e.getClass().getSimpleName() + ": " + e.getMessage(), List.of());
    }

    static ApiException fromExtension(ExtensionOperationException e) {
        List<String> reasons = e.reasons();
        String message = reasons.isEmpty() ? String.valueOf(e.getMessage()) : reasons.get(0);
        return switch (e.kind()) {
            case INVALID -> tooLarge(reasons)
                    ? new ApiException(413, "payload_too_large", message, reasons)
                    : new ApiException(400, "invalid_extension", message, reasons);
            case DENIED -> new ApiException(422, "qualification_denied", message, reasons);
            case NOT_FOUND -> new ApiException(404, "not_found", message, reasons);
            case CONFLICT -> new ApiException(409, "conflict", message, reasons);
            case FAILED -> new ApiException(500, "operation_failed", message, reasons);
        };
    }

    /** The contract has one INVALID kind; a size refusal is told apart by its reason. */
    private static boolean tooLarge(List<String> reasons) {
        return reasons.stream().map(r -> r.toLowerCase(Locale.ROOT)).anyMatch(r -> r.contains("too large") || r.contains("larger than"));
    }
}
