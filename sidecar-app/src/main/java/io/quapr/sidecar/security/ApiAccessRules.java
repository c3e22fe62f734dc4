package io.quapr.sidecar.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The Configuration's {@code spec.api.allowed} and {@code spec.api.denied} lists, read and
 * checked once at start-up, applied as daprd applies them: a denied API is off; when an allow
 * list is given, only its APIs are on; the deny list wins over the allow list; the health
 * endpoints are always on. Each rule names {@code name}, {@code version} and {@code protocol}
 * ({@code http} or {@code grpc}); an HTTP rule matches an API group ({@code state} /
 * {@code v1}) or the start of a route ({@code state} / {@code v1.0}), a gRPC rule the RPCs daprd
 * lists for {@code name.version}.
 */
@ApplicationScoped
public class ApiAccessRules {

    private static final Logger LOG = Logger.getLogger(ApiAccessRules.class);

    @Inject
    DaprConfiguration configuration;

    private Rules rules = Rules.NONE;

    /**
     * The parsed lists.
     *
     * @param httpAllowed HTTP allow rules as {@code version/name}
     * @param httpDenied HTTP deny rules as {@code version/name}
     * @param grpcAllowed the full RPC names the gRPC allow rules name
     * @param grpcDenied the full RPC names the gRPC deny rules name
     */
    record Rules(Set<String> httpAllowed, Set<String> httpDenied, Set<String> grpcAllowed, Set<String> grpcDenied) {
        static final Rules NONE = new Rules(Set.of(), Set.of(), Set.of(), Set.of());
    }

    @PostConstruct
    void init() {
        ConfigurationProblems problems = new ConfigurationProblems(configuration.source(), configuration.name());
        rules = parse(configuration.section("api"), problems);
        problems.throwIfAny();
        if (httpRestricted()) {
            LOG.info("API access list enabled on the HTTP API");
        }
        if (grpcRestricted()) {
            LOG.info("API access list enabled on the gRPC API");
        }
    }

    /**
     * Reads {@code spec.api}.
     *
     * @param section the section (missing when absent)
     * @param problems where problems are recorded
     */
    static Rules parse(JsonNode section, ConfigurationProblems problems) {
        if (!problems.objectOrAbsent(section, "spec.api")) {
            return Rules.NONE;
        }
        Set<String> httpAllowed = new HashSet<>();
        Set<String> grpcAllowed = new HashSet<>();
        Set<String> httpDenied = new HashSet<>();
        Set<String> grpcDenied = new HashSet<>();
        read(section, "allowed", problems, httpAllowed, grpcAllowed);
        read(section, "denied", problems, httpDenied, grpcDenied);
        return new Rules(Set.copyOf(httpAllowed), Set.copyOf(httpDenied), Set.copyOf(grpcAllowed),
                Set.copyOf(grpcDenied));
    }

    private static void read(JsonNode section, String list, ConfigurationProblems problems, Set<String> http,
            Set<String> grpc) {
        List<JsonNode> items = problems.list(section, list, "spec.api." + list);
        for (int i = 0; i < items.size(); i++) {
            String field = "spec.api." + list + "[" + i + "]";
            JsonNode rule = items.get(i);
            if (!rule.isObject()) {
                problems.add(field, "must be an object with name, version and protocol");
                continue;
            }
            String name = problems.text(rule, "name", field + ".name");
            String version = problems.text(rule, "version", field + ".version");
            String protocol = problems.text(rule, "protocol", field + ".protocol");
            boolean ok = true;
            if (name == null || name.isBlank()) {
                problems.add(field + ".name", "is required");
                ok = false;
            }
            if (version == null || version.isBlank()) {
                problems.add(field + ".version", "is required");
                ok = false;
            }
            // daprd silently ignores a rule whose protocol is neither: a rule that can never apply
            // is refused here instead, so a deny rule is never quietly without effect
            String p = protocol == null ? "" : protocol.toLowerCase(Locale.ROOT);
            if (!p.equals("http") && !p.equals("grpc")) {
                problems.add(field + ".protocol", (protocol == null ? "is required" : "is '" + protocol + "'")
                        + ": must be 'http' or 'grpc'");
                ok = false;
            }
            if (!ok) {
                continue;
            }
            if (p.equals("http")) {
                String key = version + "/" + name;
                if (HttpApiEndpoints.all().stream()
                        .noneMatch(e -> e.groupKey().equals(key) || e.template().startsWith(key))) {
                    LOG.warnf("%s: API '%s' version '%s' names no HTTP API; the rule matches nothing", field, name,
                            version);
                }
                http.add(key);
            } else {
                List<String> methods = GrpcApiMethods.of(name, version);
                if (methods.isEmpty()) {
                    LOG.warnf("%s: API '%s' version '%s' names no gRPC API; the rule matches nothing", field, name,
                            version);
                }
                grpc.addAll(methods);
            }
        }
    }

    /** Whether any HTTP rule is configured (otherwise nothing is checked on HTTP). */
    public boolean httpRestricted() {
        return !rules.httpAllowed().isEmpty() || !rules.httpDenied().isEmpty();
    }

    /** Whether any gRPC rule names an RPC (otherwise nothing is checked on gRPC, as in daprd). */
    public boolean grpcRestricted() {
        return !rules.grpcAllowed().isEmpty() || !rules.grpcDenied().isEmpty();
    }

    /** Whether an HTTP route is on. */
    boolean httpAllowed(HttpApiEndpoints.Endpoint endpoint) {
        return allowed(endpoint, rules);
    }

    static boolean allowed(HttpApiEndpoints.Endpoint endpoint, Rules rules) {
        if (endpoint.alwaysAllowed()) {
            return true;
        }
        if (matches(endpoint, rules.httpDenied())) {
            return false;
        }
        return rules.httpAllowed().isEmpty() || matches(endpoint, rules.httpAllowed());
    }

    private static boolean matches(HttpApiEndpoints.Endpoint endpoint, Set<String> keys) {
        if (keys.contains(endpoint.groupKey())) {
            return true;
        }
        String template = endpoint.template();
        for (String k : keys) {
            if (template.startsWith(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an RPC is on.
     *
     * @param fullMethodName {@code dapr.proto.runtime.v1.Dapr/GetState}; RPCs of other services
     *        (proxied calls) are always on
     */
    public boolean grpcAllowed(String fullMethodName) {
        return allowed(fullMethodName, rules);
    }

    static boolean allowed(String fullMethodName, Rules rules) {
        if (!fullMethodName.startsWith(GrpcApiMethods.RUNTIME_PREFIX)) {
            return true;
        }
        if (rules.grpcDenied().contains(fullMethodName)) {
            return false;
        }
        return rules.grpcAllowed().isEmpty() || rules.grpcAllowed().contains(fullMethodName);
    }
}
