package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.gatehouse.extension.manager.api.ExtensionConditions;
import org.gatehouse.extension.manager.api.ExtensionManager;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.UploadPreview;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.flow.engine.api.ExtensionHealth;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.command.PreparedChange;
import org.gatehouse.management.command.StagedUpload;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.engine.api.MergePreview;
import org.gatehouse.policy.engine.api.MergedPolicy;

/**
 * {@code /api/v1/extensions}: list, show, preview, upload, upgrade, enable, disable, remove, replace
 * policy. Every change is submitted as a command awaiting confirmation, whose rendering says what it
 * will do (docs/management.md "The rendering"): for an upload the qualification verdict and the
 * permissions the extension will get, marked against what it has now; for a policy the grants
 * added and revoked.
 */
final class ExtensionRoutes {
    private static final String BASE = ApiRoutes.PREFIX + "/extensions";
    private static final String DENY = "DENY";
    /** How the qualification's note of an upload's receipt starts. */
    private static final String RECEIPT = "upload: [";

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
        ExtensionManager manager = services.requireExtensionManager();
        manager.list().forEach(r -> extensions.add(ExtensionViews.record(r,
                manager.conditionsOf(r.symbolicName()).orElse(ExtensionConditions.none()))));
        return ApiResponse.ok(body);
    }

    private ApiResponse show(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        ExtensionManager manager = services.requireExtensionManager();
        ExtensionRecord record = manager.get(name).orElseThrow(() -> ApiException.notFound("no extension " + name));
        ObjectNode body = Json.object();
        body.set("extension", ExtensionViews.record(record, manager.conditionsOf(name).orElse(ExtensionConditions.none())));
        Optional<ExtensionHealth> health = services.flowService().flatMap(f -> f.extensions().stream()
                .filter(h -> h.symbolicName().equals(name)).findFirst());
        body.set("health", health.map(ExtensionViews::health).orElse(null));
        long count = changes.objects().extensionCount(name);
        body.put("modificationCount", count);
        return new ApiResponse(200, ApiResponse.JSON, Json.bytes(body), Map.of("ETag", ManagedObjects.etag(count)));
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
        Upload upload = Upload.from(request);
        Uploader uploader = uploader(request, upload);
        StagedUpload staged = changes.stage(upload);
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_INSTALL, upload.fileName(), upload.commandParameters());
        return changes.submit(command, request, PreparedChange.of(
                () -> uploadPreview(staged, upload.policy(), uploader, Optional.empty()),
                () -> {
                    ExtensionManager manager = services.requireExtensionManager();
                    ExtensionRecord r;
                    try (StagedUpload.Copy copy = staged.verifiedCopy()) {
                        r = manager.install(copy.file(), upload.policy(), uploader);
                    }
                    if (!r.sha256().equals(staged.sha256())) {
                        manager.remove(r.symbolicName());
                        throw notWhatWasSubmitted(staged, r, "removed again");
                    }
                    return new CommandBook.Outcome<>(r, "installed " + r.symbolicName() + " " + r.version() + " (" + stateOf(r) + ")");
                },
                Changes.deleting(staged.file())));
    }

    private ApiResponse upgrade(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        checkIfMatch(request, name);
        Upload upload = Upload.from(request);
        Uploader uploader = uploader(request, upload);
        StagedUpload staged = changes.stage(upload);
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_UPGRADE, name, upload.commandParameters());
        return changes.submit(command, request, PreparedChange.of(
                () -> uploadPreview(staged, upload.policy(), uploader, Optional.of(name)),
                () -> {
                    ExtensionManager manager = services.requireExtensionManager();
                    ExtensionRecord r;
                    try (StagedUpload.Copy copy = staged.verifiedCopy()) {
                        r = manager.upgrade(name, copy.file(), upload.policy(), uploader);
                    }
                    if (!r.sha256().equals(staged.sha256())) {
                        manager.disable(r.symbolicName());
                        throw notWhatWasSubmitted(staged, r, "disabled");
                    }
                    return new CommandBook.Outcome<>(r, "upgraded " + r.symbolicName() + " to " + r.version() + " (" + stateOf(r) + ")");
                },
                Changes.deleting(staged.file())));
    }

    /**
     * The extension manager took a bundle other than the one verified: the private copy was changed
     * in the moment between the check and its read. What it installed is taken out of service.
     */
    private static ExtensionOperationException notWhatWasSubmitted(StagedUpload staged, ExtensionRecord r, String what) {
        return new ExtensionOperationException(ExtensionOperationException.Kind.FAILED, List.of("the extension manager took a bundle with"
                + " SHA-256 " + r.sha256() + ", not the submitted " + staged.sha256() + " (the copy handed over was changed): "
                + r.symbolicName() + " " + r.version() + " was " + what));
    }

    /** What an install or an upgrade of {@code upgradeOf} will do, as the extension manager's preview of the staged bundle says. */
    private PreparedChange.Preview uploadPreview(StagedUpload staged, Optional<byte[]> policy, Uploader uploader, Optional<String> upgradeOf)
            throws Exception {
        ExtensionManager manager = services.requireExtensionManager();
        staged.verify();
        UploadPreview p = manager.preview(staged.file(), policy, uploader);
        if (!p.sha256().equals(staged.sha256())) {
            // the manager hashes the copy it inspected: the file changed after it was verified
            throw new StagedUpload.StagedUploadChanged("the staged upload " + staged.file().getFileName() + " changed while it was"
                    + " inspected (bundle.sha256 " + staged.sha256() + ", inspected " + p.sha256() + "); nothing is applied");
        }
        if (p.verdict().equals(DENY)) {
            throw new ExtensionOperationException(ExtensionOperationException.Kind.DENIED, p.reasons());
        }
        Optional<ExtensionRecord> current = manager.get(p.symbolicName());
        List<String> lines = new ArrayList<>();
        if (upgradeOf.isEmpty()) {
            if (current.isPresent()) {
                throw new ExtensionOperationException(ExtensionOperationException.Kind.CONFLICT, List.of(p.symbolicName()
                        + " is installed already, at version " + current.get().version() + "; upgrade it instead"));
            }
            lines.add("install " + p.symbolicName() + " " + p.version() + ", enabled, bundle SHA-256 " + p.sha256());
        } else {
            String name = upgradeOf.get();
            if (!p.symbolicName().equals(name)) {
                throw new ExtensionOperationException(ExtensionOperationException.Kind.INVALID, List.of(uploader.fileName() + " is "
                        + p.symbolicName() + ", not " + name));
            }
            ExtensionRecord now = current.orElseThrow(() -> new ExtensionOperationException(ExtensionOperationException.Kind.NOT_FOUND,
                    List.of("no extension " + name)));
            lines.add("upgrade " + name + " from " + now.version() + " to " + p.version() + ", staying " + stateOf(now)
                    + ", bundle SHA-256 " + p.sha256());
        }
        lines.add("qualification verdict: " + p.verdict());
        // the receipt line names the moment of each inspection: the canonical form already names the file and the submitter
        p.reasons().stream().filter(r -> !r.startsWith(RECEIPT)).forEach(r -> lines.add("  reason: " + r));
        p.conditions().forEach(c -> lines.add("  condition: " + c));
        lines.addAll(permissionChanges(current.map(ExtensionRecord::grantedPermissions).orElse(List.of()), p.grantedPermissions()));
        p.rejectedPermissions().forEach(r -> lines.add("  x " + r + " (asked for, not granted)"));
        lines.add("bladelets: " + (p.bladelets().isEmpty() ? "none" : String.join(", ", p.bladelets())));
        return PreparedChange.Preview.of(lines, Map.of(ManagedObjects.extension(p.symbolicName()),
                changes.objects().extensionCount(p.symbolicName())));
    }

    /** The permissions after a change, each marked: {@code +} granted now, {@code -} taken away, {@code =} kept. */
    static List<String> permissionChanges(List<String> before, List<String> after) {
        Set<String> was = new TreeSet<>(before);
        Set<String> will = new TreeSet<>(after);
        List<String> lines = new ArrayList<>();
        lines.add("permissions it will have (+ granted now, - taken away, = kept):");
        Set<String> all = new TreeSet<>(was);
        all.addAll(will);
        for (String permission : all) {
            String mark = will.contains(permission) ? (was.contains(permission) ? "=" : "+") : "-";
            lines.add("  " + mark + " " + permission);
        }
        if (all.isEmpty()) {
            lines.add("  none");
        }
        return lines;
    }

    private ApiResponse enable(ApiRequest request) throws ApiException {
        return switchState(request, CommandType.EXTENSION_ENABLE, ExtensionManager::enable, true);
    }

    private ApiResponse disable(ApiRequest request) throws ApiException {
        return switchState(request, CommandType.EXTENSION_DISABLE, ExtensionManager::disable, false);
    }

    /** Enable and disable: one command shape, one lifecycle call apart. */
    private ApiResponse switchState(ApiRequest request, CommandType type, StateChange change, boolean enabling) throws ApiException {
        String name = request.variable("name");
        checkIfMatch(request, name);
        CommandRequest command = CommandRequest.of(type, name, Map.of());
        return changes.submit(command, request, PreparedChange.of(
                () -> {
                    ExtensionRecord r = installed(name);
                    List<String> lines = new ArrayList<>();
                    lines.add(name + " " + r.version() + " is " + stateOf(r) + "; it will be " + (enabling ? "enabled" : "disabled"));
                    if (enabling) {
                        lines.addAll(permissionChanges(r.grantedPermissions(), r.grantedPermissions()));
                        lines.add("bladelets it will offer: " + (r.bladelets().isEmpty() ? "none" : String.join(", ", r.bladelets())));
                    } else {
                        lines.add("flows whose steps name its bladelets fail those steps until it is enabled again: "
                                + (r.bladelets().isEmpty() ? "none" : String.join(", ", r.bladelets())));
                    }
                    return basisOf(name, lines);
                },
                () -> {
                    ExtensionRecord r = change.apply(services.requireExtensionManager(), name);
                    return new CommandBook.Outcome<>(r, r.symbolicName() + " " + r.version() + " is " + stateOf(r));
                },
                () -> { }));
    }

    /** {@code ExtensionManager::enable} or {@code ::disable}. */
    @FunctionalInterface
    private interface StateChange {
        ExtensionRecord apply(ExtensionManager manager, String symbolicName) throws ExtensionOperationException;
    }

    private ApiResponse remove(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        checkIfMatch(request, name);
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_REMOVE, name, Map.of());
        return changes.submit(command, request, PreparedChange.of(
                () -> {
                    ExtensionRecord r = installed(name);
                    List<String> lines = new ArrayList<>();
                    lines.add("remove " + name + " " + r.version() + " (" + stateOf(r) + "): its bundle, its policy and its permissions");
                    lines.addAll(permissionChanges(r.grantedPermissions(), List.of()));
                    return basisOf(name, lines);
                },
                () -> {
                    services.requireExtensionManager().remove(name);
                    return new CommandBook.Outcome<>(Boolean.TRUE, "removed " + name);
                },
                () -> { }));
    }

    private ApiResponse replacePolicy(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        checkIfMatch(request, name);
        byte[] policy = request.body().bytes();
        Uploader uploader = new Uploader(request.user().name(), "policy.xml");
        CommandRequest command = CommandRequest.of(CommandType.EXTENSION_POLICY_REPLACE, name,
                Map.of("policy.sha256", Upload.sha256(policy), "policy.size", Integer.toString(policy.length)));
        return changes.submit(command, request, PreparedChange.of(
                () -> {
                    ExtensionRecord r = installed(name);
                    Codebase codebase = Codebase.of(name, r.version(), ExtensionInstaller.locationBeside(name, r.version()));
                    MergePreview merge = services.requirePolicyService().preview(codebase, "policy.xml", policy);
                    List<String> lines = new ArrayList<>();
                    lines.add("replace the policy of " + name + " " + r.version() + " (" + stateOf(r) + ")");
                    lines.add("grants added:" + (merge.added().isEmpty() ? " none" : ""));
                    merge.added().forEach(p -> lines.add("  + " + p));
                    lines.add("grants revoked:" + (merge.revoked().isEmpty() ? " none" : ""));
                    merge.revoked().forEach(p -> lines.add("  - " + p));
                    for (MergedPolicy.Rejection rejected : merge.merge().rejected()) {
                        lines.add("  x " + rejected.permission() + " (asked for, not granted: " + rejected.reason() + ")");
                    }
                    return basisOf(name, lines);
                },
                () -> {
                    ExtensionRecord r = services.requireExtensionManager().replacePolicy(name, policy, uploader);
                    return new CommandBook.Outcome<>(r, r.symbolicName() + " " + r.version() + ": " + r.grantedPermissions().size()
                            + " permissions granted, " + r.rejectedPermissions().size() + " rejected");
                },
                () -> { }));
    }

    private ExtensionRecord installed(String name) throws Exception {
        return services.requireExtensionManager().get(name).orElseThrow(() -> new ExtensionOperationException(
                ExtensionOperationException.Kind.NOT_FOUND, List.of("no extension " + name)));
    }

    private PreparedChange.Preview basisOf(String name, List<String> lines) throws ApiException {
        return PreparedChange.Preview.of(lines, Map.of(ManagedObjects.extension(name), changes.objects().extensionCount(name)));
    }

    private void checkIfMatch(ApiRequest request, String name) throws ApiException {
        if (request.ifMatch().isEmpty()) {
            return;
        }
        boolean exists = services.requireExtensionManager().get(name).isPresent();
        ManagedObjects.checkIfMatch(request, "extension " + name, changes.objects().extensionCount(name), exists);
    }

    private static Uploader uploader(ApiRequest request, Upload upload) {
        return new Uploader(request.user().name(), upload.fileName());
    }

    private static String stateOf(ExtensionRecord r) {
        return r.state().name().toLowerCase(Locale.ROOT);
    }
}
