package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.policy.engine.api.PolicyService;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.api.ExtensionInstaller;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * {@code /api/v1/policies}: the effective policy, and the merge preview of an extension policy for
 * a codebase (docs/policy-language.md "Preview"), which installs nothing. The codebase is named by the query parameters
 * {@code symbolic-name}, {@code version} (default: the installed extension's) and {@code location}
 * (default {@link ExtensionInstaller#locationBeside}, where the extension manager installs).
 */
final class PolicyRoutes {
    private static final String BASE = ApiRoutes.PREFIX + "/policies";

    private final ElementServices services;

    PolicyRoutes(ElementServices services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", BASE, Access.OVERSIGHT, BodyLimit.NONE, this::effective),
                new Route("POST", BASE + "/preview", Access.SECURITY_OFFICER, BodyLimit.DOCUMENT, this::preview));
    }

    private ApiResponse effective(ApiRequest request) throws ApiException {
        ObjectNode body = Json.object();
        body.set("policy", PolicyViews.snapshot(services.requirePolicyService().current()));
        return ApiResponse.ok(body);
    }

    private ApiResponse preview(ApiRequest request) throws ApiException {
        PolicyService policies = services.requirePolicyService();
        Codebase codebase = codebase(request);
        byte[] document = request.body().bytes();
        try {
            ObjectNode body = Json.object();
            body.set("preview", PolicyViews.preview(policies.preview(codebase, "policy.xml", document)));
            return ApiResponse.ok(body);
        } catch (XmlDocumentException e) {
            throw new ApiException(400, "invalid_document", e.getMessage(), List.of());
        }
    }

    private Codebase codebase(ApiRequest request) throws ApiException {
        String name = request.requiredQueryParameter("symbolic-name");
        Optional<String> installed = services.extensionManager().flatMap(m -> m.get(name)).map(ExtensionRecord::version);
        String version = request.queryParameter("version").or(() -> installed).orElseThrow(() ->
                ApiException.badRequest("query parameter 'version' is required: no extension " + name + " is installed"));
        try {
            String location = request.queryParameter("location").orElse(ExtensionInstaller.locationBeside(name, version));
            return Codebase.of(name, version, location);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter 'version': " + e.getMessage());
        }
    }
}
