package io.quapr.components.secretstores.local.env;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.secrets.SecretFeature;
import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code secretstores.local.env}: the sidecar's environment variables as secrets, for local
 * development. Each secret holds one pair keyed by its own name.
 *
 * <p>
 * Behaviour follows daprd's:
 * <ul>
 * <li>{@code prefix} is put in front of the requested name, and stripped from the names that
 * {@link #bulkGet} returns; {@code bulkGet} lists only variables longer than the prefix that start
 * with it.</li>
 * <li>Names match case-sensitively, except on Windows, where the environment itself ignores case
 * (so the prefix does too).</li>
 * <li>{@code APP_API_TOKEN} and every {@code DAPR_*} variable (any case, prefix included) are never
 * exposed.</li>
 * <li>A variable that is not set (or is forbidden) is <em>not</em> an error: the secret comes back
 * with an empty value, as daprd answers.</li>
 * </ul>
 */
@Dependent
@ComponentType("secretstores.local.env")
public class LocalEnvSecretStore implements SecretStore {

    private static final Logger LOG = Logger.getLogger(LocalEnvSecretStore.class);

    private final Supplier<Map<String, String>> environment;
    private final boolean caseInsensitive;
    private volatile String prefix = "";

    /** Created by the sidecar through CDI: reads the process environment. */
    public LocalEnvSecretStore() {
        this(System::getenv, System.getProperty("os.name", "").startsWith("Windows"));
    }

    /**
     * For tests: a given environment, and whether names ignore case as on Windows.
     */
    LocalEnvSecretStore(Supplier<Map<String, String>> environment, boolean caseInsensitive) {
        this.environment = environment;
        this.caseInsensitive = caseInsensitive;
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        // as given, not trimmed: a prefix is matched character for character
        prefix = metadata.asMap().getOrDefault("prefix", "");
        return Uni.createFrom().voidItem();
    }

    @Override
    public Set<SecretFeature> features() {
        return Set.of();
    }

    @Override
    public Uni<Map<String, String>> get(String name, Map<String, String> metadata) {
        String variable = prefix + name;
        String value = "";
        if (isAllowed(variable)) {
            value = lookup(variable);
        } else {
            LOG.warnf("secret '%s' maps to environment variable %s, which is never exposed", name, variable);
        }
        return Uni.createFrom().item(Map.of(name, value == null ? "" : value));
    }

    @Override
    public Uni<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        new TreeMap<>(environment.get()).forEach((variable, value) -> {
            if (hasPrefix(variable) && isAllowed(variable)) {
                String name = variable.substring(prefix.length());
                secrets.put(name, Map.of(name, value));
            }
        });
        return Uni.createFrom().item(Collections.unmodifiableMap(secrets));
    }

    private String lookup(String variable) {
        Map<String, String> env = environment.get();
        String value = env.get(variable);
        if (value == null && caseInsensitive) {
            // System.getenv() already ignores case on Windows; this covers any other map
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().equalsIgnoreCase(variable)) {
                    return e.getValue();
                }
            }
        }
        return value;
    }

    /** With no prefix every variable matches; otherwise it must start with it and be longer. */
    private boolean hasPrefix(String variable) {
        return prefix.isEmpty()
                || variable.length() > prefix.length()
                        && variable.regionMatches(caseInsensitive, 0, prefix, 0, prefix.length());
    }

    /** The sidecar's own token and configuration must not leak through the secrets API. */
    private static boolean isAllowed(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        return !upper.equals("APP_API_TOKEN") && !upper.startsWith("DAPR_");
    }
}
