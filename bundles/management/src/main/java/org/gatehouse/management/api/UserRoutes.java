package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.auth.UsersDocument;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * {@code /api/v1/users}: the management users in force, their roles and the names of their
 * tokens (never a token, a digest, a password hash or a TOTP secret); and the changes of them, each
 * a command awaiting a security officer's confirmation (docs/management.md "Users"): add a user
 * with roles, remove one, replace a user's roles, issue a token given by its SHA-256 (the client
 * makes the token and keeps it: the element never holds it), revoke a token by its name.
 */
final class UserRoutes {
    private static final String BASE = ApiRoutes.PREFIX + "/users";

    private final UsersFile users;
    private final Changes changes;

    UserRoutes(UsersFile users, Changes changes) {
        this.users = users;
        this.changes = changes;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", BASE, Access.USERS, BodyLimit.NONE, this::list),
                new Route("POST", BASE, Access.SECURITY_OFFICER, BodyLimit.NONE, this::create),
                new Route("DELETE", BASE + "/{name}", Access.SECURITY_OFFICER, BodyLimit.NONE, this::delete),
                new Route("PUT", BASE + "/{name}/roles", Access.SECURITY_OFFICER, BodyLimit.NONE, this::replaceRoles),
                new Route("POST", BASE + "/{name}/tokens", Access.SECURITY_OFFICER, BodyLimit.NONE, this::issueToken),
                new Route("DELETE", BASE + "/{name}/tokens/{token}", Access.SECURITY_OFFICER, BodyLimit.NONE, this::revokeToken));
    }

    private ApiResponse list(ApiRequest request) throws ApiException {
        Optional<byte[]> content = content();
        UsersDocument document = document(content);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("users");
        for (ManagementUser u : users.get().users()) {
            ObjectNode user = list.addObject();
            user.put("name", u.name());
            user.set("roles", Json.array(u.roles().stream().sorted().map(Role::wireName).toList()));
            user.set("tokens", Json.array(document.tokenNames(u.name())));
            user.put("certificates", u.certificateSubjects().size());
            user.put("localAccounts", u.localAccounts().size());
            user.put("reauthentication", u.canReauthenticate());
        }
        long count = changes.objects().usersCount(users);
        body.put("modificationCount", count);
        return new ApiResponse(200, ApiResponse.JSON, Json.bytes(body), Map.of("ETag", ManagedObjects.etag(count)));
    }

    private ApiResponse create(ApiRequest request) throws ApiException {
        String name = name(request.requiredQueryParameter("name"), "query parameter 'name'");
        Set<Role> roles = roles(request);
        return submit(request, CommandType.USER_CREATE, name, Map.of("roles", UserChange.list(roles)), roles, null, null);
    }

    private ApiResponse delete(ApiRequest request) throws ApiException {
        String name = existing(request);
        return submit(request, CommandType.USER_DELETE, name, Map.of(), Set.of(), null, null);
    }

    private ApiResponse replaceRoles(ApiRequest request) throws ApiException {
        String name = existing(request);
        Set<Role> roles = roles(request);
        return submit(request, CommandType.USER_ROLES_REPLACE, name, Map.of("roles", UserChange.list(roles)), roles, null, null);
    }

    private ApiResponse issueToken(ApiRequest request) throws ApiException {
        String name = existing(request);
        String token = name(request.requiredQueryParameter("name"), "query parameter 'name' (the token's name)");
        String sha256 = request.requiredQueryParameter("sha256");
        if (!UsersDocument.SHA256.matcher(sha256).matches()) {
            // the value is not repeated: it may be the token itself, sent by mistake
            throw ApiException.badRequest("query parameter 'sha256' is not a SHA-256 in lower-case hex (64 characters "
                    + "0-9a-f); the token itself is never sent");
        }
        return submit(request, CommandType.USER_TOKEN_ISSUE, name, Map.of("token.name", token, "token.sha256", sha256), Set.of(),
                token, sha256);
    }

    private ApiResponse revokeToken(ApiRequest request) throws ApiException {
        String name = existing(request);
        String token = request.variable("token");
        String sha256 = document(content()).tokenSha256(name, token)
                .orElseThrow(() -> ApiException.notFound("the management user " + name + " has no token named " + token));
        return submit(request, CommandType.USER_TOKEN_REVOKE, name, Map.of("token.name", token, "token.sha256", sha256), Set.of(),
                token, sha256);
    }

    private ApiResponse submit(ApiRequest request, CommandType type, String name, Map<String, String> parameters, Set<Role> roles,
                               String tokenName, String tokenSha256) throws ApiException {
        ManagedObjects.checkIfMatch(request, "the management users", changes.objects().usersCount(users), true);
        return changes.submit(CommandRequest.of(type, name, parameters), request,
                new UserChange(type, name, roles, tokenName, tokenSha256, users, changes.objects()));
    }

    /** The user named by the path, who must be in force: 404 otherwise, before any command is recorded. */
    private String existing(ApiRequest request) throws ApiException {
        String name = request.variable("name");
        if (users.get().users().stream().noneMatch(u -> u.name().equals(name))) {
            throw ApiException.notFound("no management user " + name);
        }
        return name;
    }

    private static String name(String value, String what) throws ApiException {
        if (!UsersDocument.NAME.matcher(value).matches()) {
            throw ApiException.badRequest(what + ": [" + value + "] is not a name: a letter or digit, then up to 63 letters, digits "
                    + "and . _ @ -");
        }
        return value;
    }

    /** {@code roles=admin,auditor}: at least one, each one of the four. */
    private static Set<Role> roles(ApiRequest request) throws ApiException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : Pattern.compile(",").split(request.requiredQueryParameter("roles"))) {
            try {
                roles.add(Role.fromWireName(role.strip()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query parameter 'roles': " + e.getMessage());
            }
        }
        return roles;
    }

    private Optional<byte[]> content() throws ApiException {
        try {
            return users.content();
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot read the management users in force: " + e.getMessage(), List.of());
        }
    }

    private static UsersDocument document(Optional<byte[]> content) throws ApiException {
        try {
            UsersDocument document = UsersDocument.of(content);
            if (content.isPresent()) {
                ManagementUsers.read(UsersFile.NAME, content.get());
            }
            return document;
        } catch (IOException | XmlDocumentException e) {
            throw new ApiException(500, "internal_error", "the management users in force do not read: " + e.getMessage(), List.of());
        }
    }
}
