package io.quapr.sidecar.secrets;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.security.SecretScopes;
import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The secrets building block, shared by the HTTP and gRPC APIs. */
@ApplicationScoped
public class SecretsService {

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    SecretScopes scopes;

    /** One secret's key/value pairs. */
    public Uni<Map<String, String>> get(String storeName, String name, Map<String, String> metadata) {
        LiveComponent live = store(storeName);
        scopes.check(storeName, name);
        SecretStore store = (SecretStore) live.instance();
        return call.run(live, "get", () -> store.get(name, metadata)).onFailure()
                .transform(e -> new DaprException(ErrorCode.SECRET_GET, "failed getting secret with key " + name
                        + " from secret store " + storeName + ": " + e.getMessage()).withCause(e));
    }

    /** Every secret of the store the app may read (the others are left out, as daprd does). */
    public Uni<Map<String, Map<String, String>>> bulkGet(String storeName, Map<String, String> metadata) {
        LiveComponent live = store(storeName);
        SecretStore store = (SecretStore) live.instance();
        return call.run(live, "bulkGet", () -> store.bulkGet(metadata)).onFailure()
                .transform(e -> new DaprException(ErrorCode.SECRET_GET,
                        "failed getting secrets from secret store " + storeName + ": " + e.getMessage()).withCause(e))
                .map(all -> scopes.any() ? allowedOnly(storeName, all) : all);
    }

    private Map<String, Map<String, String>> allowedOnly(String storeName, Map<String, Map<String, String>> all) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (scopes.allows(storeName, name)) {
                out.put(name, value);
            }
        });
        return out;
    }

    private LiveComponent store(String name) {
        if (components.ofBlock("secretstores").isEmpty()) {
            throw new DaprException(ErrorCode.SECRET_STORES_NOT_CONFIGURED, "secret store is not configured");
        }
        LiveComponent live = components.secretStore(name);
        if (live == null) {
            throw new DaprException(ErrorCode.SECRET_STORE_NOT_FOUND,
                    "failed finding secret store with key " + name);
        }
        return live;
    }
}
