package io.quapr.sidecar.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Configuration's {@code spec.accessControl}, read into a lookup table and evaluated as daprd
 * evaluates it on the callee side:
 * <ol>
 * <li>no caller identity, no policy for the caller's app id and namespace, or a policy whose
 * {@code trustDomain} is not the caller's: the global {@code defaultAction};</li>
 * <li>otherwise the policy's {@code defaultAction} (when it has one), unless an operation
 * matches the called method: for an HTTP app, the action of the operation's entry for the
 * call's verb, else for {@code *}, else the defaults above (and a call with no verb gets the
 * policy's {@code defaultAction}, denied when it has none); for a gRPC app, the operation's
 * action whatever the verbs.</li>
 * </ol>
 * For an HTTP app operations and methods are compared without regard to case. Only
 * {@code allow} allows.
 */
final class AccessControlList {

    /** daprd's default trust domain. */
    static final String DEFAULT_TRUST_DOMAIN = "public";

    /** The verbs daprd's {@code HTTPExtension} knows, as policies must spell them. */
    static final Set<String> VERBS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            "PATCH");

    private static final String NONE = "NONE";

    /** One operation: its action per verb, and the action for calls matched without a verb. */
    record Operation(Map<String, String> verbActions, String action) {
    }

    /** One app's policy. */
    record Policy(String appId, String namespace, String trustDomain, String defaultAction,
            OperationTrie<Operation> operations) {
    }

    private final boolean present;
    private final String defaultAction;
    private final String trustDomain;
    private final boolean httpApp;
    private final Map<String, Policy> policies;

    private AccessControlList(boolean present, String defaultAction, String trustDomain, boolean httpApp,
            Map<String, Policy> policies) {
        this.present = present;
        this.defaultAction = defaultAction;
        this.trustDomain = trustDomain;
        this.httpApp = httpApp;
        this.policies = policies;
    }

    /**
     * Reads {@code spec.accessControl}.
     *
     * @param section the section (missing when the Configuration has none)
     * @param httpApp whether this sidecar's app speaks HTTP ({@code http}, {@code https},
     *        {@code h2c}): paths are then compared without regard to case and verbs count
     * @param problems where invalid fields are recorded
     */
    static AccessControlList parse(JsonNode section, boolean httpApp, ConfigurationProblems problems) {
        String field = "spec.accessControl";
        if (section.isMissingNode() || section.isNull() || !problems.objectOrAbsent(section, field)) {
            return new AccessControlList(false, "allow", DEFAULT_TRUST_DOMAIN, httpApp, Map.of());
        }
        String trustDomain = problems.text(section, "trustDomain", field + ".trustDomain");
        List<JsonNode> items = problems.list(section, "policies", field + ".policies");
        // daprd starts from a default Configuration (defaultAction allow, trustDomain public) and
        // lays the file over it: a missing defaultAction stays allow; one written empty is deny,
        // unless the policies list is written empty too
        String defaultAction = "allow";
        if (section.has("defaultAction")) {
            String written = problems.text(section, "defaultAction", field + ".defaultAction");
            if (isEmpty(written)) {
                boolean emptyList = section.path("policies").isArray() && items.isEmpty();
                defaultAction = emptyList ? "allow" : "deny";
            } else {
                defaultAction = action(written, field + ".defaultAction", problems);
            }
        }
        // daprd has no access control only when both were written empty and there are no policies
        boolean present = !(section.has("trustDomain") && isEmpty(trustDomain) && section.has("defaultAction")
                && section.path("defaultAction").asText("").isEmpty() && items.isEmpty());
        Map<String, Policy> policies = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Policy p = policy(items.get(i), field + ".policies[" + i + "]", httpApp, problems);
            if (p != null) {
                // as in daprd, a later policy for the same app id and namespace replaces an earlier one
                policies.put(key(p.appId(), p.namespace()), p);
            }
        }
        return new AccessControlList(present, defaultAction, isEmpty(trustDomain) ? DEFAULT_TRUST_DOMAIN : trustDomain,
                httpApp, Map.copyOf(policies));
    }

    private static Policy policy(JsonNode item, String field, boolean httpApp, ConfigurationProblems problems) {
        if (!item.isObject()) {
            problems.add(field, "must be an object");
            return null;
        }
        String appId = problems.text(item, "appId", field + ".appId");
        String namespace = problems.text(item, "namespace", field + ".namespace");
        String trustDomain = problems.text(item, "trustDomain", field + ".trustDomain");
        String defaultAction = problems.text(item, "defaultAction", field + ".defaultAction");
        boolean ok = true;
        for (String[] required : new String[][] { { "appId", appId }, { "namespace", namespace },
                { "trustDomain", trustDomain } }) {
            if (isEmpty(required[1])) {
                problems.add(field + "." + required[0], "is required");
                ok = false;
            }
        }
        if (!isEmpty(defaultAction)) {
            defaultAction = action(defaultAction, field + ".defaultAction", problems);
        }
        OperationTrie<Operation> operations = new OperationTrie<>();
        List<JsonNode> ops = problems.list(item, "operations", field + ".operations");
        for (int j = 0; j < ops.size(); j++) {
            String opField = field + ".operations[" + j + "]";
            JsonNode op = ops.get(j);
            if (!op.isObject()) {
                problems.add(opField, "must be an object");
                continue;
            }
            String name = problems.text(op, "name", opField + ".name");
            if (isEmpty(name)) {
                problems.add(opField + ".name", "is required");
                continue;
            }
            String action = problems.text(op, "action", opField + ".action");
            if (isEmpty(action)) {
                problems.add(opField + ".action", "is required: must be 'allow' or 'deny'");
                continue;
            }
            action = action(action, opField + ".action", problems);
            Map<String, String> verbs = new HashMap<>();
            List<String> written = problems.strings(op, "httpVerb", opField + ".httpVerb");
            for (int k = 0; k < written.size(); k++) {
                String verb = written.get(k);
                if (!verb.equals("*") && !VERBS.contains(verb)) {
                    // daprd compares verbs as written: 'get' would silently never match
                    problems.add(opField + ".httpVerb[" + k + "]", "is '" + verb + "': must be one of "
                            + String.join(", ", VERBS.stream().sorted().toList()) + " or *, in capitals");
                    continue;
                }
                verbs.put(verb, action);
            }
            String path = name.startsWith("/") ? name : "/" + name;
            if (httpApp) {
                path = path.toLowerCase(Locale.ROOT);
            }
            operations.put(path, new Operation(Map.copyOf(verbs), action));
        }
        return ok
                ? new Policy(appId, namespace, trustDomain, isEmpty(defaultAction) ? "" : defaultAction,
                        operations)
                : null;
    }

    /** An action as written, checked: {@code allow} or {@code deny}, any case. */
    private static String action(String written, String field, ConfigurationProblems problems) {
        String a = written.toLowerCase(Locale.ROOT);
        if (!a.equals("allow") && !a.equals("deny")) {
            problems.add(field, "is '" + written + "': must be 'allow' or 'deny'");
            return "deny";
        }
        return a;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String key(String appId, String namespace) {
        return appId + "||" + namespace;
    }

    /** Whether an access-control section is in force (otherwise every call is allowed). */
    boolean present() {
        return present;
    }

    /** The trust domain this sidecar's own identity is in ({@code public} unless configured). */
    String trustDomain() {
        return trustDomain;
    }

    /**
     * Decides on one incoming call.
     *
     * @param callerTrustDomain the caller's trust domain (from its certificate)
     * @param callerNamespace the caller's namespace
     * @param callerAppId the caller's app id; null when the caller has no identity (no mTLS)
     * @param httpVerb the call's HTTP verb, null or empty when it has none (a gRPC call)
     * @param operation the method called, already normalised by the invocation code
     */
    AccessDecision decide(String callerTrustDomain, String callerNamespace, String callerAppId, String httpVerb,
            String operation) {
        if (!present) {
            return AccessDecision.ALLOWED;
        }
        String verb = httpVerb == null ? NONE : httpVerb.toUpperCase(Locale.ROOT);
        if (!VERBS.contains(verb)) {
            verb = NONE;
        }
        if (!httpApp) {
            // daprd only reads the verb for apps that speak HTTP
            verb = NONE;
        }
        String action = evaluate(callerTrustDomain, callerNamespace, callerAppId, verb, operation);
        if ("allow".equalsIgnoreCase(action)) {
            return AccessDecision.ALLOWED;
        }
        String id = isEmpty(callerAppId) || isEmpty(callerNamespace) || isEmpty(callerTrustDomain)
                ? ""
                : "spiffe://" + callerTrustDomain + "/ns/" + callerNamespace + "/" + callerAppId;
        return new AccessDecision(false, "access control policy has denied access to id: " + id + " operation: "
                + operation + " verb: " + verb);
    }

    private String evaluate(String callerTrustDomain, String callerNamespace, String callerAppId, String verb,
            String operation) {
        String action = defaultAction;
        if (isEmpty(callerAppId) || isEmpty(callerNamespace) || isEmpty(callerTrustDomain)) {
            return action;
        }
        Policy policy = policies.get(key(callerAppId, callerNamespace));
        if (policy == null || !policy.trustDomain().equals(callerTrustDomain)) {
            return action;
        }
        if (!policy.defaultAction().isEmpty()) {
            action = policy.defaultAction();
        }
        String path = operation.startsWith("/") ? operation : "/" + operation;
        if (httpApp) {
            path = path.toLowerCase(Locale.ROOT);
        }
        Operation op = policy.operations().search(path);
        if (op == null) {
            return action;
        }
        if (!httpApp) {
            return op.action();
        }
        if (verb.equals(NONE)) {
            return policy.defaultAction();
        }
        String byVerb = op.verbActions().get(verb);
        if (byVerb == null) {
            byVerb = op.verbActions().get("*");
        }
        return byVerb != null ? byVerb : action;
    }
}
