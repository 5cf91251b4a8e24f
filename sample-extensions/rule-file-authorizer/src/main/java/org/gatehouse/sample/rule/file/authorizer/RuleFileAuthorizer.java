package org.gatehouse.sample.rule.file.authorizer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Permits or denies an authenticated identity a request by the rules of a file in the extension's
 * data folder (see {@link RulesFile} for the format): the first rule whose subject, methods and path
 * pattern all match decides; no matching rule, no rules file, or a path not in the element's normal
 * form is a denial. Every denial carries a reason naming the rule (or the absence of one), which
 * the element logs and audits; the client only sees 403.
 *
 * <pre>{@code
 * # <gatehouse.data>/extensions/org.gatehouse.sample.rule-file-authorizer/access-rules.txt
 * allow group:ops     *        /admin/**
 * deny  *             *        /admin/**
 * allow *             GET,HEAD /**
 * }</pre>
 */
public final class RuleFileAuthorizer implements Authorizer {
    /**
     * What a normalized request path never holds (docs/data-plane.md "One view of the request"): an empty,
     * {@code .} or {@code ..} segment, a backslash, a {@code ;} path parameter, an encoded slash, backslash or dot,
     * or a control character. The element refuses such targets before any flow; this is the second lock.
     */
    private static final Pattern NOT_NORMAL = Pattern.compile(
            "//|/\\.\\.?(/|$)|\\\\|;|%(2[Ff]|5[Cc]|2[Ee])|[\\x00-\\x1F\\x7F]");

    private final ReloadingRules rules;
    private final boolean ignorePathCase;
    private final MetricCounter permitted;
    private final MetricCounter denied;

    /** Reads the rules file now; a missing, unreadable or malformed one leaves no rules in force (every request denied) and is logged. */
    public RuleFileAuthorizer(BladeletContext context) {
        Parameters parameters = context.parameters();
        String name = parameters.string("rules-file");
        // a name is inside the data folder; an absolute path is wherever the extension's policy lets it read
        Path file = context.dataFolder().resolve(name);
        this.ignorePathCase = parameters.booleanValue("ignore-path-case");
        this.permitted = context.counter("permitted_total");
        this.denied = context.counter("denied_total");
        this.rules = new ReloadingRules(file, name, parameters.duration("reload-interval"), context.clock(), context.logger(),
                context.counter("reloads_total"), context.counter("reload_failures_total"));
    }

    @Override
    public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
        return CompletableFuture.completedStage(decide(identity, message.method(), message.path()));
    }

    private AuthorizationDecision decide(Identity identity, String method, String path) {
        String request = identity.principal() + " " + method + " " + path;
        if (!path.startsWith("/") || NOT_NORMAL.matcher(path).find()) {
            return deny("path of " + request + " is not in the element's normal form");
        }
        ReloadingRules.State state = rules.current();
        if (state.rules().isEmpty()) {
            return deny(state.why() + ": no rules in force, " + request + " denied");
        }
        List<AccessRule> list = state.rules().get();
        for (AccessRule rule : list) {
            if (rule.applies(identity, method, path, ignorePathCase)) {
                if (rule.allow()) {
                    permitted.increment();
                    return AuthorizationDecision.permit();
                }
                return deny(request + " denied by rule at " + rule.describe());
            }
        }
        return deny("no rule of " + list.size() + " allows " + request + " (default deny)");
    }

    private AuthorizationDecision deny(String reason) {
        denied.increment();
        return AuthorizationDecision.deny(reason);
    }
}
