package io.quapr.sidecar.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * daprd's HTTP API routes with the API group each belongs to, so the allow/deny lists can be
 * applied to a request as daprd applies them to its routes: a rule {@code {name, version}}
 * matches a route whose group is {@code version/name} ({@code v1/state}) or whose path
 * template starts with {@code version/name} ({@code v1.0/state} matches
 * {@code v1.0/state/{storeName}/{key}}).
 */
final class HttpApiEndpoints {

    /**
     * One route.
     *
     * @param methods the HTTP methods it serves; empty means any
     * @param version the path's version segment ({@code v1.0}, {@code v1.0-alpha1})
     * @param route the path template after the version ({@code {x}} is one segment, a final
     *        {@code *} the rest)
     * @param group the API group's name ({@code state})
     * @param groupVersion the API group's version ({@code v1}, {@code v1alpha1})
     * @param alwaysAllowed whether no rule can deny it (the health endpoints)
     */
    record Endpoint(Set<String> methods, String version, String route, String group, String groupVersion,
            boolean alwaysAllowed) {

        /** {@code version/route}, what the older path-prefix form of a rule is matched against. */
        String template() {
            return version + "/" + route;
        }

        /** {@code groupVersion/group}, what the group form of a rule is matched against. */
        String groupKey() {
            return groupVersion + "/" + group;
        }
    }

    private static final String V1 = "v1.0";
    private static final String V1ALPHA1 = "v1.0-alpha1";
    private static final String V1ALPHA2 = "v1.0-alpha2";
    private static final String V1BETA1 = "v1.0-beta1";

    /**
     * The service invocation route, which is also daprd's fallback for any request no other
     * route takes (the {@code dapr-app-id} header form).
     */
    static final Endpoint INVOKE = new Endpoint(Set.of(), V1, "invoke/*", "invoke", "v1", false);

    private static final List<Endpoint> ALL = new ArrayList<>();

    static {
        ALL.add(INVOKE);
        add("GET", V1, "healthz", "healthz", "v1", true);
        add("GET", V1, "healthz/outbound", "healthz", "v1", true);
        // state
        add("GET", V1, "state/{storeName}/{key}", "state", "v1");
        add("POST,PUT", V1, "state/{storeName}", "state", "v1");
        add("DELETE", V1, "state/{storeName}/{key}", "state", "v1");
        add("POST,PUT", V1, "state/{storeName}/bulk", "state", "v1");
        add("POST,PUT", V1, "state/{storeName}/transaction", "state", "v1");
        add("POST,PUT", V1ALPHA1, "state/{storeName}/query", "state", "v1alpha1");
        // pub/sub
        add("POST,PUT", V1, "publish/{pubsubname}/*", "publish", "v1");
        add("POST,PUT", V1ALPHA1, "publish/bulk/{pubsubname}/*", "publish", "v1alpha1");
        add("POST,PUT", V1, "publish/bulk/{pubsubname}/*", "publish", "v1");
        // bindings, secrets, metadata, shutdown
        add("POST,PUT", V1, "bindings/{name}", "bindings", "v1");
        add("GET", V1, "secrets/{secretStoreName}/bulk", "secrets", "v1");
        add("GET", V1, "secrets/{secretStoreName}/{key}", "secrets", "v1");
        add("GET", V1, "metadata", "metadata", "v1");
        add("PUT", V1, "metadata/{key}", "metadata", "v1");
        add("POST", V1, "shutdown", "shutdown", "v1");
        // configuration
        for (String[] v : new String[][] { { V1ALPHA1, "v1alpha1" }, { V1, "v1" } }) {
            add("GET", v[0], "configuration/{storeName}", "configuration", v[1]);
            add("GET", v[0], "configuration/{storeName}/subscribe", "configuration", v[1]);
            add("GET", v[0], "configuration/{storeName}/{configurationSubscribeID}/unsubscribe", "configuration",
                    v[1]);
        }
        // actors
        add("POST,PUT", V1, "actors/{actorType}/{actorId}/state", "actors", "v1");
        add("GET,POST,DELETE,PUT", V1, "actors/{actorType}/{actorId}/method/{method}", "actors", "v1");
        add("GET", V1, "actors/{actorType}/{actorId}/state/{key}", "actors", "v1");
        add("POST,PUT", V1, "actors/{actorType}/{actorId}/reminders/{name}", "actors", "v1");
        add("POST,PUT", V1, "actors/{actorType}/{actorId}/timers/{name}", "actors", "v1");
        add("DELETE", V1, "actors/{actorType}/{actorId}/reminders/{name}", "actors", "v1");
        add("DELETE", V1, "actors/{actorType}/{actorId}/timers/{name}", "actors", "v1");
        add("GET", V1, "actors/{actorType}/{actorId}/reminders/{name}", "actors", "v1");
        // lock, crypto, conversation, jobs
        add("POST", V1ALPHA1, "lock/{storeName}", "lock", "v1alpha1");
        add("POST", V1ALPHA1, "unlock/{storeName}", "unlock", "v1alpha1");
        add("PUT", V1ALPHA1, "crypto/{name}/encrypt", "crypto", "v1alpha1");
        add("PUT", V1ALPHA1, "crypto/{name}/decrypt", "crypto", "v1alpha1");
        for (String op : new String[] { "getkey", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify" }) {
            add("POST", V1ALPHA1, "subtlecrypto/{name}/" + op, "subtlecrypto", "v1alpha1");
        }
        add("POST", V1ALPHA1, "conversation/{name}/converse", "conversation", "v1alpha1");
        add("POST", V1ALPHA2, "conversation/{name}/converse", "conversation", "v1alpha2");
        for (String[] v : new String[][] { { V1ALPHA1, "v1alpha1" }, { V1, "v1" } }) {
            add("POST", v[0], "jobs/{name}", "jobs", v[1]);
            add("DELETE", v[0], "jobs/{name}", "jobs", v[1]);
            add("GET", v[0], "jobs/{name}", "jobs", v[1]);
        }
        // workflows
        for (String[] v : new String[][] { { V1ALPHA1, "v1alpha1" }, { V1BETA1, "v1beta1" }, { V1, "v1" } }) {
            add("GET", v[0], "workflows/{workflowComponent}/{instanceID}", "workflows", v[1]);
            add("POST", v[0], "workflows/{workflowComponent}/{instanceID}/raiseEvent/{eventName}", "workflows", v[1]);
            add("POST", v[0], "workflows/{workflowComponent}/{workflowName}/start", "workflows", v[1]);
            for (String op : new String[] { "pause", "resume", "terminate", "purge" }) {
                add("POST", v[0], "workflows/{workflowComponent}/{instanceID}/" + op, "workflows", v[1]);
            }
        }
    }

    private HttpApiEndpoints() {
    }

    private static void add(String methods, String version, String route, String group, String groupVersion) {
        add(methods, version, route, group, groupVersion, false);
    }

    private static void add(String methods, String version, String route, String group, String groupVersion,
            boolean alwaysAllowed) {
        ALL.add(new Endpoint(Set.of(methods.split(",")), version, route, group, groupVersion, alwaysAllowed));
    }

    /** Every route, for the start-up check of rule names. */
    static List<Endpoint> all() {
        return ALL;
    }

    /**
     * The route daprd would give a request: among the routes whose template and method match,
     * the most specific (a literal segment before a {@code {param}}, a param before {@code *}),
     * or {@link #INVOKE} when none does (daprd's fallback).
     *
     * @param method the HTTP method
     * @param path the request's normalised path ({@code /v1.0/state/s/k})
     */
    static Endpoint match(String method, String path) {
        List<String> segments = segments(path);
        Endpoint best = null;
        String bestRank = null;
        for (Endpoint e : ALL) {
            if (!e.methods().isEmpty() && !e.methods().contains(method)) {
                continue;
            }
            String rank = rank(e, segments);
            if (rank != null && (bestRank == null || rank.compareTo(bestRank) > 0)) {
                best = e;
                bestRank = rank;
            }
        }
        return best == null ? INVOKE : best;
    }

    /** The path's non-empty segments (double and trailing slashes are dropped, as daprd's router does). */
    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * How specifically the template matches: one character per template segment ({@code 2}
     * literal, {@code 1} param, {@code 0} the rest), or null when it does not match.
     */
    private static String rank(Endpoint e, List<String> segments) {
        if (segments.isEmpty() || !segments.get(0).equals(e.version())) {
            return null;
        }
        String[] template = e.route().split("/");
        StringBuilder rank = new StringBuilder();
        int i = 1;
        for (String t : template) {
            if (t.equals("*")) {
                return rank.append('0').toString();
            }
            if (i >= segments.size()) {
                return null;
            }
            String s = segments.get(i++);
            if (t.startsWith("{")) {
                rank.append('1');
            } else if (t.equals(s)) {
                rank.append('2');
            } else {
                return null;
            }
        }
        return i == segments.size() ? rank.toString() : null;
    }
}
