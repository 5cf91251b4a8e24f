package org.gatehouse.management.api;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.ModificationCounts;
import org.gatehouse.management.qualification.QualificationFiles;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.management.command.Renderer;

/**
 * The managed objects a command can change and their modification counts (docs/management.md
 * "Modification counts"): each extension (its bundle, state, policy and the permissions it got),
 * the flows document and the management users. A count is served as the object's {@code ETag} ({@code "7"}) and checked
 * against {@code If-Match} (RFC 9110 section 13.1.1; strong comparison, {@code *} for "exists").
 */
final class ManagedObjects {
    static final String FLOWS = "flows";
    /** The management users in force (docs/management.md "Users"). */
    static final String USERS = "users";
    /** Install qualification's rules, signature database and trusted publishers in force (docs/management.md "Qualification and trust"). */
    static final String QUALIFICATION = "qualification";

    private final ElementServices services;
    private final ModificationCounts counts;

    ManagedObjects(ElementServices services, ModificationCounts counts) {
        this.services = services;
        this.counts = counts;
    }

    static String extension(String symbolicName) {
        return "extension:" + symbolicName;
    }

    /** The count of an extension as it is now (also for one not installed: its absence is a state too). */
    long extensionCount(String symbolicName) throws ApiException {
        Optional<ExtensionRecord> record = services.requireExtensionManager().get(symbolicName);
        return counts.count(extension(symbolicName), record.map(ManagedObjects::fingerprint).orElse("absent"));
    }

    long flowsCount() throws ApiException {
        return counts.count(FLOWS, Renderer.digest(services.requireFlowService().current().document()));
    }

    /** The count of the management users, by the content in force. */
    long usersCount(UsersFile users) throws ApiException {
        try {
            return counts.count(USERS, users.content().map(Upload::sha256).orElse("absent"));
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot read the management users in force: " + e.getMessage(), List.of());
        }
    }

    /** The count of install qualification's configuration: the rules, the signature database and the publishers in force. */
    long qualificationCount(InForceLedger ledger) throws ApiException {
        try {
            return counts.count(QUALIFICATION, QualificationFiles.fingerprint(ledger));
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot read install qualification's configuration in force: " + e.getMessage(),
                    List.of());
        }
    }

    static String etag(long count) {
        return "\"" + count + "\"";
    }

    /**
     * Refuses a change whose {@code If-Match} names another count (412 naming the count now) or
     * asks for an object that does not exist ({@code *}).
     */
    static void checkIfMatch(ApiRequest request, String object, long count, boolean exists) throws ApiException {
        if (request.ifMatch().isEmpty()) {
            return;
        }
        String header = request.ifMatch().get().strip();
        boolean matches = header.equals("*") ? exists
                : List.of(header.split(",")).stream().map(String::strip).anyMatch(tag -> tag.equals(etag(count)));
        if (!matches) {
            throw new ApiException(412, "precondition_failed", object + " is at modification " + count + " (ETag " + etag(count)
                    + "), not what If-Match names: " + header, List.of()).withHeader("ETag", etag(count));
        }
    }

    private static String fingerprint(ExtensionRecord r) {
        String text = String.join("\n", r.sha256(), r.version(), r.state().name(), r.policy().map(Renderer::digest).orElse("-"),
                String.join(",", r.grantedPermissions()), String.join(",", r.rejectedPermissions()));
        return Renderer.digest(text);
    }
}
