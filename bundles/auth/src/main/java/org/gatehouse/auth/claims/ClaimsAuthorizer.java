package org.gatehouse.auth.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Permits an identity whose claims or attributes (JWT claims, SAML attributes, directory
 * attributes) hold required values (bladelet {@code claims}). {@code required} lists
 * {@code name=value} pairs separated by spaces: pairs with different names must all hold, pairs
 * with the same name are alternatives. The name {@code groups} also matches the identity's
 * groups. Example: {@code scope=orders:read groups=ops groups=admins} needs the scope
 * {@code orders:read} and membership of ops or admins.
 */
public final class ClaimsAuthorizer implements Authorizer {
    private final Map<String, List<String>> required;

    public ClaimsAuthorizer(BladeletContext context) {
        this.required = parse(context.parameters().string("required"));
    }

    static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> required = new LinkedHashMap<>();
        for (String pair : text.strip().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("parameter 'required': '" + pair + "' is not name=value");
            }
            required.computeIfAbsent(pair.substring(0, eq), n -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        required.replaceAll((name, values) -> List.copyOf(values));
        return Map.copyOf(required);
    }

    @Override
    public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
        for (Map.Entry<String, List<String>> requirement : required.entrySet()) {
            List<String> held = new ArrayList<>(identity.claim(requirement.getKey()));
            if (requirement.getKey().equals("groups")) {
                held.addAll(identity.groups());
            }
            if (requirement.getValue().stream().noneMatch(held::contains)) {
                return CompletableFuture.completedStage(AuthorizationDecision.deny(identity.principal() + " has "
                        + requirement.getKey() + "=" + held + ", needs one of " + requirement.getValue()));
            }
        }
        return CompletableFuture.completedStage(AuthorizationDecision.permit());
    }
}
