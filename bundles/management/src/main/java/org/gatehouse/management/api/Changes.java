package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandAbortedException;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandJson;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.ConfirmationRules;
import org.gatehouse.management.command.PreparedChange;
import org.gatehouse.management.command.StagedUpload;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * Submits every change as a command (docs/management.md "Commands") and turns what the services
 * throw into API errors: the extension manager's kinds to their statuses (INVALID 400, or 413 when
 * the reason is the size; DENIED 422; NOT_FOUND 404; CONFLICT 409; FAILED 500), schema errors to
 * 400, unresolvable flows to 422. A submission is answered 202 with the command awaiting
 * confirmation; nothing has changed yet. An error of a command names the command.
 */
final class Changes {
    private final CommandBook book;
    private final ManagedObjects objects;

    Changes(CommandBook book, ManagedObjects objects) {
        this.book = book;
        this.objects = objects;
    }

    CommandBook book() {
        return book;
    }

    ManagedObjects objects() {
        return objects;
    }

    /** Submits the change as its submitter acting in the role that submits its kind: 202 and the command. */
    ApiResponse submit(CommandRequest request, ApiRequest from, PreparedChange<?> change) throws ApiException {
        try {
            Command command = book.submit(request, from.user().name(), ConfirmationRules.defaultRole(request.type()).wireName(), change);
            ObjectNode body = Json.object();
            body.set("command", CommandJson.toJson(command));
            return new ApiResponse(202, ApiResponse.JSON, Json.bytes(body), Map.of("Location", ApiRoutes.PREFIX + "/commands/" + command.id()));
        } catch (CommandAbortedException e) {
            throw toApiException(e.failure()).forCommand(e.command().id());
        }
    }

    /** A copy of an uploaded file kept until its command is decided, with the digest and size the command names. */
    StagedUpload stage(Upload upload) throws ApiException {
        try {
            return book.stage(upload.bundle(), upload.bundleSha256(), upload.size());
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot keep the upload until the command is confirmed: " + e.getMessage(),
                    List.of());
        }
    }

    static Runnable deleting(Path staged) {
        return () -> {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                System.getLogger("org.gatehouse.management.commands").log(System.Logger.Level.WARNING,
                        "cannot delete the staged upload " + staged + ": " + e.getMessage());
            }
        };
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
        if (e instanceof StagedUpload.StagedUploadChanged changed) {
            return new ApiException(409, "upload_changed", changed.getMessage(), List.of());
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
