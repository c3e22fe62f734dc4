package io.quapr.sidecar.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which secrets the app may read: the Configuration's {@code spec.secrets.scopes}, one entry per
 * store ({@code storeName}, {@code defaultAccess} {@code allow|deny}, {@code allowedSecrets},
 * {@code deniedSecrets}), read and checked at start-up, applied as daprd applies them: a store
 * without an entry allows everything; a non-empty {@code allowedSecrets} allows exactly those
 * names; otherwise a name in {@code deniedSecrets} is denied and the rest follow
 * {@code defaultAccess} (allow when not set).
 */
@Startup
@ApplicationScoped
public class SecretScopes {

    @Inject
    DaprConfiguration configuration;

    private Map<String, Scope> scopes = Map.of();

    /** One store's scope. */
    record Scope(boolean defaultAllow, Set<String> allowed, Set<String> denied) {

        boolean allows(String secret) {
            if (!allowed.isEmpty()) {
                return allowed.contains(secret);
            }
            return !denied.contains(secret) && defaultAllow;
        }
    }

    @PostConstruct
    void init() {
        ConfigurationProblems problems = new ConfigurationProblems(configuration.source(), configuration.name());
        scopes = parse(configuration.section("secrets"), problems);
        problems.throwIfAny();
    }

    /**
     * Reads {@code spec.secrets}.
     *
     * @param section the section (missing when absent)
     * @param problems where problems are recorded (a store named twice, an invalid
     *        {@code defaultAccess})
     */
    static Map<String, Scope> parse(JsonNode section, ConfigurationProblems problems) {
        if (!problems.objectOrAbsent(section, "spec.secrets")) {
            return Map.of();
        }
        Map<String, Scope> out = new HashMap<>();
        List<JsonNode> items = problems.list(section, "scopes", "spec.secrets.scopes");
        for (int i = 0; i < items.size(); i++) {
            String field = "spec.secrets.scopes[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(field, "must be an object");
                continue;
            }
            String store = problems.text(item, "storeName", field + ".storeName");
            if (store == null || store.isEmpty()) {
                problems.add(field + ".storeName", "is required");
                continue;
            }
            String access = problems.text(item, "defaultAccess", field + ".defaultAccess");
            boolean defaultAllow = true;
            if (access != null && !access.isEmpty()) {
                String a = access.toLowerCase(Locale.ROOT);
                if (!a.equals("allow") && !a.equals("deny")) {
                    problems.add(field + ".defaultAccess", "is '" + access + "': must be 'allow' or 'deny'");
                }
                defaultAllow = !a.equals("deny");
            }
            Scope scope = new Scope(defaultAllow,
                    Set.copyOf(problems.strings(item, "allowedSecrets", field + ".allowedSecrets")),
                    Set.copyOf(problems.strings(item, "deniedSecrets", field + ".deniedSecrets")));
            if (out.putIfAbsent(store, scope) != null) {
                problems.add(field + ".storeName", "names store '" + store + "' a second time");
            }
        }
        return Map.copyOf(out);
    }

    /**
     * Whether the app may read a secret.
     *
     * @param store the secret store's name
     * @param secret the secret's name
     */
    public boolean allows(String store, String secret) {
        Scope scope = scopes.get(store);
        return scope == null || scope.allows(secret);
    }

    /**
     * Refuses a secret the app may not read, with daprd's error.
     *
     * @throws DaprException {@code ERR_PERMISSION_DENIED} (403, {@code PERMISSION_DENIED}):
     *         {@code access denied by policy to get "<secret>" from "<store>"}
     */
    public void check(String store, String secret) {
        if (!allows(store, secret)) {
            throw new DaprException(ErrorCode.SECRET_PERMISSION_DENIED,
                    "access denied by policy to get " + goQuote(secret) + " from " + goQuote(store));
        }
    }

    /** A string quoted as Go's {@code %q} quotes it (daprd's messages use it). */
    static String goQuote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Whether any store has a scope (otherwise nothing is filtered). */
    public boolean any() {
        return !scopes.isEmpty();
    }
}
