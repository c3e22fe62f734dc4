package io.quapr.sidecar.components;

import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * Reads one {@code secretKeyRef} ({@code name}, optional {@code key}) from the secret store named
 * by a resource's {@code auth.secretStore}, as daprd resolves them for components and HTTP
 * endpoints. Failures are {@link IllegalArgumentException}s whose message starts with the field.
 */
public final class SecretRefs {

    private SecretRefs() {
    }

    /**
     * The secret's value.
     *
     * @param field names the field in error messages ({@code metadata 'password' secretKeyRef})
     * @param storeName the resource's {@code auth.secretStore}, or null
     * @param stores the loaded secret stores by name
     * @param name the secret's name
     * @param key the key within the secret; empty means the secret's name
     */
    public static Uni<String> read(String field, String storeName, Map<String, SecretStore> stores, String name,
            String key) {
        if (storeName == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    field + " needs a secret store: set 'auth.secretStore' on the resource"));
        }
        SecretStore store = stores.get(storeName);
        if (store == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "auth.secretStore '" + storeName + "' is not a loaded secret store"));
        }
        String k = key == null || key.isEmpty() ? name : key;
        return Uni.createFrom().deferred(() -> store.get(name, Map.of())).map(secret -> {
            String v = secret.get(k);
            if (v == null) {
                throw new IllegalArgumentException(field + ": secret '" + name + "' has no key '" + k + "'");
            }
            return v;
        }).onFailure(e -> !(e instanceof IllegalArgumentException))
                .transform(e -> new IllegalArgumentException(field + ": " + e.getMessage(), e));
    }
}
